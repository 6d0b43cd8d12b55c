"""What a waybill request carries and what the platform answers (电子面单).

Units: weight in grams, volume in cubic centimetres (the platforms' ``ml``),
counts in pieces. Names follow the platforms' documents: carrier code is the
platform's logistics company code (``cp_code`` at Cainiao, ``wp_code`` at
Pinduoduo, ``logistics_code`` at Douyin: ``YTO``, ``ZTO``, ``SF``, ``zhongtong``…).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Address:
    """A Chinese postal address as the platforms split it: province, city,
    district, town (street), detail. ``detail`` may be the platform's ciphertext
    for privacy orders (Pinduoduo, Douyin)."""

    province: str
    city: str
    district: str
    detail: str
    town: str = ""
    country: str = "CHN"


@dataclass(frozen=True)
class Party:
    """The sender: a name, a mobile or a fixed phone (one is required), an address."""

    name: str
    address: Address
    mobile: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Recipient:
    """The buyer as the order gives it.

    Taobao/Tmall privacy orders carry ``oaid`` (Open Addressee ID) and only masked
    name/phone/address; Cainiao decrypts by the OAID and the order id. Pinduoduo and
    Douyin privacy orders carry the encrypted name, mobile and address detail
    themselves: put them in ``name``/``mobile``/``address.detail`` unchanged and set
    ``encrypted``. A recipient with masked fields (``*``) and neither is refused by
    the platform (:class:`~station.ewaybill.errors.MaskedAddressRefused`)."""

    name: str
    address: Address
    mobile: str = ""
    phone: str = ""
    oaid: str = ""
    encrypted: bool = False

    @property
    def is_masked(self) -> bool:
        """Masked plain text (``张**``, ``138****0000``) with no way for the platform
        to see the real values."""
        if self.oaid or self.encrypted:
            return False
        return any("*" in v for v in (self.name, self.mobile, self.phone, self.address.detail))


@dataclass(frozen=True)
class PackageItem:
    """One line printed in the waybill's goods area: a name and a count."""

    name: str
    count: int


@dataclass(frozen=True)
class WaybillRequest:
    """One parcel (or one multi-parcel shipment) to get a number for.

    ``object_id`` is ours: unique per parcel (the parcel's UUID), sent as the
    platform's request id and used to match answers to requests; asking twice with
    the same ``object_id``/``package_id`` gives back the same number on platforms that
    document it (Douyin: same order and package id returns the old number).
    ``package_count`` ≥ 2 asks for a multi-parcel shipment (子母件): one parent
    number and one child number per parcel."""

    object_id: str
    carrier_code: str
    sender: Party
    recipient: Recipient
    order_ids: tuple[str, ...]
    items: tuple[PackageItem, ...]
    template_url: str = ""
    sub_order_ids: tuple[str, ...] = ()
    weight_g: int | None = None
    volume_cm3: int | None = None
    package_id: str = ""
    package_count: int = 1
    order_channel: str = ""  # the platform an order came from, when not the provider's own
    remark: str = ""
    # extra fields of the platform's order request, (name, value) pairs: Douyin's
    # product_type and pay_method codes (station.headoffice.waybill_config.ORDER_FIELDS)
    order_fields: tuple = ()


@dataclass(frozen=True)
class Routing:
    """The sorting data the carrier prints: 三段码 route code, 大头笔 sortation
    name, 集包地 consolidation (bagging) code and name. Empty where the platform
    keeps it inside encrypted print data."""

    route_code: str = ""
    sortation_name: str = ""
    consolidation_code: str = ""
    consolidation_name: str = ""

    def __bool__(self) -> bool:
        return any(
            (self.route_code, self.sortation_name, self.consolidation_code, self.consolidation_name)
        )


@dataclass(frozen=True)
class Service:
    """The carrier's service a waybill prints, as the platform's answer gives it:
    the product (``service_type``: 标准快递, 标快, 特惠), the payment (寄付月结,
    到付) and insurance (``insured``: ``保价``, with the amount where the answer
    gives one in yuan). Empty where the answer carries none (encrypted print
    data, or an answer without it)."""

    service_type: str = ""
    payment: str = ""
    insured: str = ""

    def __bool__(self) -> bool:
        return any((self.service_type, self.payment, self.insured))


@dataclass(frozen=True)
class Waybill:
    """A number the platform issued, with what is needed to print it.

    ``print_data`` is the platform's print data exactly as it arrived (a JSON string,
    signed, maybe encrypted): it goes to the platform's print component unchanged and
    is never parsed into something else and rebuilt. ``print_sign`` is Douyin's
    separate signature of it (empty elsewhere). ``source`` is ``platform`` or
    ``pool``."""

    platform: str
    carrier_code: str
    object_id: str
    waybill_code: str
    parent_waybill_code: str = ""
    routing: Routing = field(default_factory=Routing)
    service: Service = field(default_factory=Service)
    print_data: str = ""
    print_sign: str = ""
    source: str = "platform"


@dataclass
class WaybillResult:
    """The outcome for one request: its waybills (one; or the children of a
    multi-parcel shipment, each naming the parent), or the error that refused it.
    Both are set when the number was issued but its print data could not be fetched
    (Douyin asks for print data in a second call): the number is kept, never lost."""

    request: WaybillRequest
    waybills: list[Waybill] = field(default_factory=list)
    error: Exception | None = None

    @property
    def ok(self) -> bool:
        return bool(self.waybills) and self.error is None

    @property
    def waybill(self) -> Waybill | None:
        return self.waybills[0] if self.waybills else None

    def unwrap(self) -> list[Waybill]:
        """The waybills, or raise the error."""
        if self.error is not None:
            raise self.error
        return self.waybills


@dataclass(frozen=True)
class CancelResult:
    """``already`` is True when the platform said the number was cancelled before:
    a cancel is safe to repeat (the outbox may send it twice)."""

    waybill_code: str
    already: bool = False


@dataclass(frozen=True)
class Subscription:
    """One carrier branch (网点) the seller has subscribed to, and its counts."""

    carrier_code: str
    branch_code: str = ""
    branch_name: str = ""
    quantity: int = 0  # numbers left (电子面单余额)
    allocated: int = 0
    cancelled: int = 0
