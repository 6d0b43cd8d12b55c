"""The carrier's service an order asks for, as its export gives it: the product
(快递产品类型: 标快, 特惠), the payment (寄付, 到付, 寄付月结) and the declared
insured value in fen (保价). Printed on the order's pool-numbered waybills.
Touches only ``sales_order``."""

STATEMENTS = [
    'ALTER TABLE "sales_order" ADD COLUMN "service_type" TEXT',
    'ALTER TABLE "sales_order" ADD COLUMN "payment" TEXT',
    'ALTER TABLE "sales_order" ADD COLUMN "insured_fen" INTEGER',
]
