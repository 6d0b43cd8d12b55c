<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <location filename="../../ui/crash.py" line="28"/>
        <source>Something went wrong, and the station stopped this action.

Every scan that was confirmed is saved. Please try again; if it happens again, call your supervisor or IT.

Details for IT: {log}</source>
        <translation>出现问题，工作站已停止此操作。

所有已确认的扫描都已保存。请重试；如果再次出现，请联系主管或IT。

IT 详细信息：{log}</translation>
    </message>
    <message>
        <location filename="../../ui/crash.py" line="36"/>
        <source>The station cannot start: nothing can be saved in its data folder.

{problem}

No scan would be kept. Free space or make the folder writable, or call IT.</source>
        <translation>工作台无法启动：数据文件夹中无法保存任何内容。

{problem}

扫描将无法保存。请清理空间或使该文件夹可写，或联系 IT。</translation>
    </message>
    <message>
        <location filename="../../ui/crash.py" line="89"/>
        <source>Station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="24"/>
        <location filename="../../ui/recovery.py" line="124"/>
        <location filename="../../ui/recovery.py" line="172"/>
        <source>Station: database damaged</source>
        <translation>工作站：数据库已损坏</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="26"/>
        <source>The station&apos;s database file is empty (0 bytes).</source>
        <translation>工作站数据库文件为空（0 字节）。</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="28"/>
        <source>The station&apos;s database failed its integrity check.</source>
        <translation>工作站数据库未通过完整性检查。</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="36"/>
        <source>Recover it from the last good backup ({when})? Everything still readable in the damaged file is added back, tracking numbers already used stay used, and what could not be saved is listed. The damaged file is kept for IT.</source>
        <translation>是否从最近一份完好的备份（{when}）恢复？损坏文件中仍可读取的内容会全部补回，已用过的运单号保持已用，无法挽救的内容会列出清单。损坏的文件会保留给IT处理。</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="48"/>
        <source>No good backup was found. Rebuild the database from what is still readable in the damaged file? What could not be saved is listed; the damaged file is kept for IT at:
{path}</source>
        <translation>未找到完好的备份。是否用损坏文件中仍可读取的内容重建数据库？无法挽救的内容会列出清单；损坏的文件会保留给IT处理，位于：
{path}</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="54"/>
        <source>Rebuild from the damaged file</source>
        <translation>从损坏文件重建</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="65"/>
        <source>Station: database recovered</source>
        <translation>工作站：数据库已恢复</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="66"/>
        <source>Records salvaged from the damaged file: {rows}.</source>
        <translation>已从损坏文件中挽救 {rows} 条记录。</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="72"/>
        <source>Could not be salvaged: {count}. They are listed in:
{file}
Give this list to your supervisor before going on.</source>
        <translation>有 {count} 项无法挽救，清单见：
{file}
继续之前请把这份清单交给主管。</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="81"/>
        <source>Tracking numbers found in use and kept out of the pool: {count}.</source>
        <translation>发现 {count} 个已在使用的运单号，已从号池中排除。</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="77"/>
        <source>Nothing was lost.</source>
        <translation>没有任何数据丢失。</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="122"/>
        <source>Recovering the database: reading every page of the damaged file…</source>
        <translation>正在恢复数据库：逐页读取损坏的文件…</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="174"/>
        <source>The recovery could not finish: {error}

The damaged file is back in its place, unchanged. Call IT.</source>
        <translation>恢复未能完成：{error}

损坏的文件已放回原处，未作任何改动。请联系IT。</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="42"/>
        <source>Restore backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <location filename="../../ui/recovery.py" line="56"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="36"/>
        <source>{h} h {m} min</source>
        <translation>{h} 小时 {m} 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="36"/>
        <source>{m} min</source>
        <translation>{m} 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="38"/>
        <source>in {span}</source>
        <translation>剩余 {span}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="38"/>
        <source>LATE {span}</source>
        <translation>已超时 {span}</translation>
    </message>
    <message>
        <location filename="../../ui/instance_server.py" line="142"/>
        <source>Another process is opening it at this moment.</source>
        <translation>另一个进程此刻正在打开它。</translation>
    </message>
    <message>
        <location filename="../../ui/instance_server.py" line="144"/>
        <source>It is held by process {pid} ({command}) of user {user} on {host}, started {started}.</source>
        <translation>它由用户 {user} 在 {host} 上的进程 {pid}（{command}）占用，启动于 {started}。</translation>
    </message>
    <message>
        <location filename="../../ui/instance_server.py" line="150"/>
        <source>The station is already running on this data folder, so it was not started a second time.

{holder}

Data folder: {root}

Use that station, or close it and start again.</source>
        <translation>工作站已在此数据文件夹上运行，因此没有再启动一次。

{holder}

数据文件夹：{root}

请使用正在运行的工作站，或先关闭它再重新启动。</translation>
    </message>
    <message>
        <location filename="../../ui/instance_server.py" line="186"/>
        <source>Station is already running</source>
        <translation>工作站已在运行</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../../ui/approval.py" line="90"/>
        <source>Supervisor approval</source>
        <translation>主管审批</translation>
    </message>
    <message>
        <location filename="../../ui/approval.py" line="92"/>
        <source>A supervisor scans their badge, or chooses their name and enters their PIN.</source>
        <translation>请主管扫描工牌，或选择姓名并输入PIN码。</translation>
    </message>
    <message>
        <location filename="../../ui/approval.py" line="94"/>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../ui/approval.py" line="95"/>
        <source>PIN</source>
        <translation>PIN码</translation>
    </message>
    <message>
        <location filename="../../ui/approval.py" line="96"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
</context>
<context>
    <name>BatchesPage</name>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="123"/>
        <source>Batches</source>
        <translation>波次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="128"/>
        <source>Batch</source>
        <translation>波次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="129"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="130"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="131"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="132"/>
        <location filename="../../ui/pages/batches_page.py" line="149"/>
        <source>Carrier</source>
        <translation>快递公司</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="133"/>
        <location filename="../../ui/pages/batches_page.py" line="149"/>
        <source>Due</source>
        <translation>发货期限</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="134"/>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="135"/>
        <source>Left</source>
        <translation>剩余</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="140"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="141"/>
        <location filename="../../ui/pages/batches_page.py" line="149"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="142"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="143"/>
        <source>Waybill</source>
        <translation>运单号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="144"/>
        <source>First SKU</source>
        <translation>首个 SKU</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="145"/>
        <source>Shelf</source>
        <translation>货位</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="149"/>
        <source>Items</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="152"/>
        <source>Group now (G)</source>
        <translation>立即分组 (G)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="153"/>
        <source>New batch from selected (B)</source>
        <translation>用所选订单建波次 (B)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="154"/>
        <source>Print waybills… (P)</source>
        <translation>打印面单… (P)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="155"/>
        <source>Print pick list (L)</source>
        <translation>打印拣货单 (L)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="156"/>
        <source>Reprint label… (R)</source>
        <translation>补打面单… (R)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="157"/>
        <source>Mark picked (K)</source>
        <translation>标记已拣货 (K)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="158"/>
        <source>Close batch (C)</source>
        <translation>关闭波次 (C)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="159"/>
        <source>Dissolve (X)</source>
        <translation>解散 (X)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="226"/>
        <source>Open orders in no batch: {n} (choose some, then B)</source>
        <translation>未入波次的待发订单：{n}（选中后按 B）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="239"/>
        <source>Choose a batch, or scan its barcode</source>
        <translation>请选择波次，或扫描波次条码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="250"/>
        <source>Batch {number} · {state} · {left} of {total} left</source>
        <translation>波次 {number} · {state} · 共 {total} 单，剩 {left} 单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="387"/>
        <source>Print the batch&apos;s waybills</source>
        <translation>打印波次面单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="389"/>
        <source>Print the waybills of batch {number} now (labels: {n})? Each order gets its waybill number; only one label can be printed again afterwards.</source>
        <translation>现在打印波次 {number} 的 {n} 张面单？每个订单都会分配运单号；之后只能逐张补打。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="392"/>
        <source>Yes, print them</source>
        <translation>是，打印</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="471"/>
        <source>Reprint one label</source>
        <translation>补打一张面单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="472"/>
        <source>Print label {seq} of batch {number} (order {order}) again?</source>
        <translation>补打波次 {number} 的第 {seq} 张面单（订单 {order}）？</translation>
    </message>
    <message>
        <location filename="../../ui/pages/batches_page.py" line="475"/>
        <source>Yes, reprint it</source>
        <translation>是，补打</translation>
    </message>
</context>
<context>
    <name>BoardTables</name>
    <message>
        <location filename="../../ui/board/tables.py" line="129"/>
        <source>By operator</source>
        <translation>按人员</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="130"/>
        <source>By bench</source>
        <translation>按工作台</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="131"/>
        <source>All benches (head office)</source>
        <translation>全部工作台（总部）</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="132"/>
        <source>Not handed over</source>
        <translation>未交接</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="133"/>
        <source>Waiting for stock</source>
        <translation>待备货</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="134"/>
        <source>Stock warning</source>
        <translation>库存预警</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="137"/>
        <source>Pre-sale order</source>
        <translation>预售订单</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="138"/>
        <source>Due</source>
        <translation>发货期限</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="139"/>
        <source>Waits for (SKU ×needed, stock now)</source>
        <translation>待备货（SKU ×需要数，现有库存）</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="140"/>
        <source>Units short</source>
        <translation>缺货件数</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="145"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="146"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="147"/>
        <source>Stock here</source>
        <translation>本站库存</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="148"/>
        <source>Threshold</source>
        <translation>预警值</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="149"/>
        <source>Head office</source>
        <translation>总部</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="156"/>
        <source>Carrier</source>
        <translation>快递公司</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="157"/>
        <source>Parcels</source>
        <translation>包裹</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="158"/>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="159"/>
        <source>Pickup</source>
        <translation>揽收</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="160"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="161"/>
        <source>Penalty at risk</source>
        <translation>可能赔付</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="165"/>
        <source>Operator</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="166"/>
        <location filename="../../ui/board/tables.py" line="168"/>
        <source>Bench</source>
        <translation>工作台</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="168"/>
        <source>As of</source>
        <translation>数据时间</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="183"/>
        <source>in time</source>
        <translation>来得及</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="184"/>
        <source>pickup within the hour</source>
        <translation>一小时内揽收</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="185"/>
        <source>PICKUP PASSED</source>
        <translation>已过揽收时间</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="223"/>
        <source>no deadline</source>
        <translation>无截止时间</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="225"/>
        <source>{sku} ×{qty} (stock {free})</source>
        <translation>{sku} ×{qty}（库存 {free}）</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="247"/>
        <source>{qty} at {time}</source>
        <translation>{qty}（{time}）</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="275"/>
        <source>Head office is not set up: this bench&apos;s figures only</source>
        <translation>未配置总部：仅显示本工作台数据</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="283"/>
        <source>Head office not reachable ({error}); figures from {min} min ago</source>
        <translation>无法连接总部（{error}）；显示 {min} 分钟前的数据</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="287"/>
        <source>Head office not reachable ({error})</source>
        <translation>无法连接总部（{error}）</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="291"/>
        <source>From head office</source>
        <translation>来自总部</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="314"/>
        <source>Unnamed bench</source>
        <translation>未命名工作台</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="318"/>
        <source>nothing sent</source>
        <translation>未上传</translation>
    </message>
    <message>
        <location filename="../../ui/board/tables.py" line="327"/>
        <source>{time} ({min} min ago)</source>
        <translation>{time}（{min} 分钟前）</translation>
    </message>
</context>
<context>
    <name>BoardView</name>
    <message>
        <location filename="../../ui/board/view.py" line="100"/>
        <source>Units received</source>
        <translation>收货件数</translation>
    </message>
    <message>
        <location filename="../../ui/board/view.py" line="101"/>
        <source>Lines inspected</source>
        <translation>质检批次</translation>
    </message>
    <message>
        <location filename="../../ui/board/view.py" line="102"/>
        <source>Orders packed</source>
        <translation>打包订单</translation>
    </message>
    <message>
        <location filename="../../ui/board/view.py" line="103"/>
        <source>Parcels shipped</source>
        <translation>发出包裹</translation>
    </message>
    <message>
        <location filename="../../ui/board/view.py" line="104"/>
        <source>Units packed</source>
        <translation>打包件数</translation>
    </message>
    <message>
        <location filename="../../ui/board/view.py" line="105"/>
        <source>Scans</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location filename="../../ui/board/view.py" line="112"/>
        <source>Backlog</source>
        <translation>待发</translation>
    </message>
    <message>
        <location filename="../../ui/board/view.py" line="113"/>
        <source>Exceptions</source>
        <translation>异常</translation>
    </message>
    <message>
        <location filename="../../ui/board/view.py" line="124"/>
        <source>{date} · updated {time}</source>
        <translation>{date} · 更新于 {time}</translation>
    </message>
    <message>
        <location filename="../../ui/board/view.py" line="126"/>
        <source>Today · {date} · updated {time}</source>
        <translation>今天 · {date} · 更新于 {time}</translation>
    </message>
    <message>
        <location filename="../../ui/board/view.py" line="147"/>
        <source>A past day: no backlog</source>
        <translation>历史日期：无待发数据</translation>
    </message>
    <message>
        <location filename="../../ui/board/view.py" line="153"/>
        <source>Orders waiting: {n} · late {late} · at risk {risk} · due today {today} · later {later} · no deadline {none}</source>
        <translation>待发：{n} 单 · 已超时 {late} · 将超时 {risk} · 今日到期 {today} · 以后 {later} · 无时限 {none}</translation>
    </message>
    <message>
        <location filename="../../ui/board/view.py" line="170"/>
        <source>Done by {time} (orders/h: {rate:g})</source>
        <translation>按 {rate:g} 单/小时，预计 {time} 完成</translation>
    </message>
    <message>
        <location filename="../../ui/board/view.py" line="181"/>
        <source>Orders/h per packer: {n:g}</source>
        <translation>人均 {n:g} 单/小时</translation>
    </message>
    <message>
        <location filename="../../ui/board/view.py" line="183"/>
        <source>Orders/h per packer: {n:g} (assumed: nothing measured yet)</source>
        <translation>人均 {n:g} 单/小时（估计值：尚未实测）</translation>
    </message>
    <message>
        <location filename="../../ui/board/view.py" line="204"/>
        <source>Batches: open {open} · printed {printed} · picked {picked} · packed {packed} · orders left {left}</source>
        <translation>波次：待处理 {open} · 已打单 {printed} · 已拣货 {picked} · 已打包 {packed} · 待打包订单 {left}</translation>
    </message>
    <message>
        <location filename="../../ui/board/view.py" line="165"/>
        <source>Done at: no packing rate yet</source>
        <translation>预计完成：尚无打包速度</translation>
    </message>
    <message>
        <location filename="../../ui/board/view.py" line="173"/>
        <source>cut-off {time}</source>
        <translation>截单 {time}</translation>
    </message>
    <message>
        <location filename="../../ui/board/view.py" line="178"/>
        <source>The cut-off has passed</source>
        <translation>已过截单时间</translation>
    </message>
    <message>
        <location filename="../../ui/board/view.py" line="186"/>
        <source>Packers: {active} working, {needed} needed · {per}</source>
        <translation>打包员：在岗 {active} 人，需要 {needed} 人 · {per}</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <location filename="../../ui/camera_dialog.py" line="36"/>
        <source>Camera</source>
        <translation>相机</translation>
    </message>
    <message>
        <location filename="../../ui/camera_dialog.py" line="45"/>
        <source>Take photo</source>
        <translation>拍照</translation>
    </message>
    <message>
        <location filename="../../ui/camera_dialog.py" line="46"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/camera_dialog.py" line="71"/>
        <source>The photo could not be saved in {folder}</source>
        <translation>照片无法保存到 {folder}</translation>
    </message>
</context>
<context>
    <name>Confirmation</name>
    <message>
        <location filename="../../ui/confirm.py" line="40"/>
        <source>No, go back</source>
        <translation>不，返回</translation>
    </message>
    <message>
        <location filename="../../ui/confirm.py" line="62"/>
        <source>Answer the question on the screen first: {question}</source>
        <translation>请先回答屏幕上的问题：{question}</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="97"/>
        <source>Dashboard</source>
        <translation>看板</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="100"/>
        <source>Daily report…</source>
        <translation>日报…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="101"/>
        <source>Board mode (F11)</source>
        <translation>看板模式 (F11)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="149"/>
        <source>The figures could not be read: {error}</source>
        <translation>无法读取数据：{error}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="166"/>
        <source>Station board</source>
        <translation>工作台看板</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="188"/>
        <source>Save the daily report</source>
        <translation>保存日报</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="190"/>
        <source>PDF (*.pdf);;CSV (*.csv);;JSON (*.json)</source>
        <translation>PDF (*.pdf);;CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="218"/>
        <source>Daily report saved: {path}</source>
        <translation>日报已保存：{path}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="225"/>
        <source>The daily report could not be saved: {error}</source>
        <translation>日报无法保存：{error}</translation>
    </message>
</context>
<context>
    <name>DispatchPage</name>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="127"/>
        <source>Dispatch</source>
        <translation>出库交接</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="130"/>
        <source>Open handover</source>
        <translation>开始交接</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="131"/>
        <source>Close handover (C)</source>
        <translation>完成交接 (C)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="132"/>
        <source>Cancel empty handover (X)</source>
        <translation>取消空交接 (X)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="133"/>
        <source>Take parcel out (U)</source>
        <translation>取出包裹 (U)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="134"/>
        <source>Print sheet again (P)</source>
        <translation>重打交接单 (P)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="135"/>
        <source>In this handover</source>
        <translation>本次交接</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="136"/>
        <source>Packed, still to scan</source>
        <translation>已打包，待扫描</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="137"/>
        <source>Intercepted orders (for the supervisor)</source>
        <translation>拦截订单（主管处理）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="138"/>
        <source>Waybill</source>
        <translation>运单号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="138"/>
        <location filename="../../ui/pages/dispatch_page.py" line="142"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="138"/>
        <source>Weight (kg)</source>
        <translation>重量 (kg)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="142"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="142"/>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="142"/>
        <source>Waybills</source>
        <translation>打单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="172"/>
        <source>No handover open</source>
        <translation>没有进行中的交接</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="173"/>
        <source>Scan the carrier&apos;s bag or cage, or choose the carrier</source>
        <translation>扫描快递公司的袋子或笼车条码，或选择快递公司</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="181"/>
        <source>Handover {number} · {carrier}</source>
        <translation>交接单 {number} · {carrier}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="184"/>
        <source>Scanned {n} of {total}</source>
        <translation>已扫描 {n} / {total}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="188"/>
        <source>Head office has not been reached lately: intercepts may be missing. The sheet will say so.</source>
        <translation>近期未能连接总部：拦截信息可能不全。交接单上会注明。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="203"/>
        <source>on the bench: pull it out</source>
        <translation>在工作台：请取出</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="204"/>
        <source>pulled out at dispatch</source>
        <translation>出库时已取出</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="205"/>
        <source>already handed over: call the carrier</source>
        <translation>已交接：请联系快递公司拦截</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="240"/>
        <source>Handover {number} ({carrier}) cancelled: it was empty</source>
        <translation>交接 {number}（{carrier}）已取消：其中没有包裹</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="242"/>
        <source>Handover {number} holds {n} parcel(s): take them out first (U, a supervisor), then cancel it</source>
        <translation>交接 {number} 中有 {n} 个包裹：请先取出（U，需主管），再取消</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="246"/>
        <source>{code}: no {carrier} parcels packed here to hand over</source>
        <translation>{code}：本工位没有待交接的 {carrier} 包裹</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="336"/>
        <source>Close without the packed parcels not scanned ({n}): {missing}</source>
        <translation>不含未扫描的已打包包裹（{n} 个）完成交接：{missing}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dispatch_page.py" line="357"/>
        <source>Take {tracking} out of handover {number}?</source>
        <translation>将 {tracking} 从交接单 {number} 中取出？</translation>
    </message>
</context>
<context>
    <name>ExceptionsList</name>
    <message>
        <location filename="../../ui/board/exceptions.py" line="88"/>
        <source>Wrong items refused: {n}</source>
        <translation>错货拒收：{n}</translation>
    </message>
    <message>
        <location filename="../../ui/board/exceptions.py" line="89"/>
        <source>Orders late: {n}</source>
        <translation>已超时订单：{n}</translation>
    </message>
    <message>
        <location filename="../../ui/board/exceptions.py" line="90"/>
        <source>Orders at risk: {n}</source>
        <translation>将超时订单：{n}</translation>
    </message>
    <message>
        <location filename="../../ui/board/exceptions.py" line="91"/>
        <source>Shorts shipped: {n}</source>
        <translation>缺货发出：{n}</translation>
    </message>
    <message>
        <location filename="../../ui/board/exceptions.py" line="92"/>
        <source>Reships: {n}</source>
        <translation>补发：{n}</translation>
    </message>
    <message>
        <location filename="../../ui/board/exceptions.py" line="93"/>
        <source>Supervisor overrides: {n}</source>
        <translation>主管放行：{n}</translation>
    </message>
    <message>
        <location filename="../../ui/board/exceptions.py" line="94"/>
        <source>Voids: {n}</source>
        <translation>作废：{n}</translation>
    </message>
    <message>
        <location filename="../../ui/board/exceptions.py" line="95"/>
        <source>Receipt lines quarantined: {n}</source>
        <translation>隔离收货行：{n}</translation>
    </message>
    <message>
        <location filename="../../ui/board/exceptions.py" line="96"/>
        <source>Lots rejected or held: {n}</source>
        <translation>质检拒收或暂扣：{n}</translation>
    </message>
    <message>
        <location filename="../../ui/board/exceptions.py" line="97"/>
        <source>Print jobs failed or held: {n}</source>
        <translation>打印失败或暂停：{n}</translation>
    </message>
    <message>
        <location filename="../../ui/board/exceptions.py" line="101"/>
        <source>Packed orders changed at the platform: {n}</source>
        <translation>已打包但平台有改动的订单：{n}</translation>
    </message>
    <message>
        <location filename="../../ui/board/exceptions.py" line="108"/>
        <source>Penalty at risk: {amount} CNY</source>
        <translation>风险赔付：{amount} 元</translation>
    </message>
    <message>
        <location filename="../../ui/board/exceptions.py" line="120"/>
        <source>Tracking numbers low: {carrier} {free} left</source>
        <translation>面单号不足：{carrier} 剩 {free} 个</translation>
    </message>
    <message>
        <location filename="../../ui/board/exceptions.py" line="129"/>
        <source>{order}: due {time}, penalty {amount} CNY</source>
        <translation>{order}：{time} 到期，赔付 {amount} 元</translation>
    </message>
    <message>
        <location filename="../../ui/board/exceptions.py" line="138"/>
        <source>No exceptions</source>
        <translation>无异常</translation>
    </message>
</context>
<context>
    <name>FittedLines</name>
    <message>
        <location filename="../../ui/board/exceptions.py" line="59"/>
        <source>+{n} more</source>
        <translation>另有 {n} 条</translation>
    </message>
</context>
<context>
    <name>FittedTable</name>
    <message>
        <location filename="../../ui/board/tables.py" line="59"/>
        <source>+{n} more</source>
        <translation>另有 {n} 条</translation>
    </message>
</context>
<context>
    <name>GoodsInPage</name>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="106"/>
        <source>Goods-in</source>
        <translation>入库验收</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="109"/>
        <source>Receive against this PO</source>
        <translation>按此采购单收货</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="110"/>
        <source>Supplier invoice…</source>
        <translation>供应商发票…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="111"/>
        <source>Blind receiving</source>
        <translation>盲收（不显示应收数量）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="112"/>
        <source>Inspect… (I)</source>
        <translation>质检…（I）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="113"/>
        <source>Close receipt (Enter)</source>
        <translation>完成收货（Enter）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="114"/>
        <source>Put aside (Esc)</source>
        <translation>暂放（Esc）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="140"/>
        <source>Qty: {n}</source>
        <translation>数量：{n}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="146"/>
        <source>Scan a purchase order to receive against it</source>
        <translation>扫描采购订单开始收货</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="152"/>
        <source>Receipt {receipt} · PO {po}</source>
        <translation>收货单 {receipt} · 采购单 {po}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="470"/>
        <source>Not everything on PO {po} has arrived. Close receipt {number} anyway? What is missing is recorded short and reported to the supplier.</source>
        <translation>采购单 {po} 的货物未全部到齐。仍要关闭收货单 {number} 吗？缺少的数量将记为短缺并报告给供应商。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="475"/>
        <source>Still short: units {n}, lines {lines}. Close receipt {number} anyway? They are recorded short and reported to the supplier.</source>
        <translation>{lines} 行仍短缺 {n} 件。仍要关闭收货单 {number} 吗？短缺将被记录并报告给供应商。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="481"/>
        <source>Close the receipt short?</source>
        <translation>短缺关闭收货单？</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="483"/>
        <source>Yes, close it short</source>
        <translation>是，短缺关闭</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="118"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="119"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="120"/>
        <source>Expected</source>
        <translation>应收</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="121"/>
        <source>Received</source>
        <translation>已收</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="122"/>
        <source>Open</source>
        <translation>未收</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="123"/>
        <source>Held</source>
        <translation>隔离/拒收</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="124"/>
        <source>Lot · expiry</source>
        <translation>批号 · 有效期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="278"/>
        <source>Unknown barcode</source>
        <translation>未知条码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="280"/>
        <source>Barcode {barcode} is on which product?</source>
        <translation>条码 {barcode} 属于哪个商品？</translation>
    </message>
    <message>
        <location filename="../../ui/pages/goods_in_page.py" line="293"/>
        <source>Link barcode {barcode} to {sku}</source>
        <translation>将条码 {barcode} 关联到 {sku}</translation>
    </message>
</context>
<context>
    <name>ImportMessages</name>
    <message>
        <location filename="../../ui/import_messages.py" line="11"/>
        <source>the spreadsheet rounded this {what}; export again as text</source>
        <translation>表格软件把这个{what}四舍五入了；请以文本格式重新导出</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="14"/>
        <source>the cell holds a spreadsheet error ({detail}), not a value; fix it in the sheet or export again</source>
        <translation>单元格是表格错误值（{detail}），不是数据；请在表格中改正或重新导出</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="19"/>
        <source>the column was too narrow when the sheet was saved ({detail}); widen it or export again</source>
        <translation>保存表格时该列太窄（{detail}）；请加宽该列或重新导出</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="23"/>
        <source>the check digit of this {what} is wrong: digits were lost or changed</source>
        <translation>这个{what}的校验位不对：有数字丢失或被改动</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="26"/>
        <source>{detail} is no date between 2000 and 2099</source>
        <translation>{detail} 不是 2000 至 2099 年之间的日期</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="27"/>
        <source>required value missing ({detail})</source>
        <translation>缺少必填项（{detail}）</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="28"/>
        <source>not a whole quantity above 0 ({detail})</source>
        <translation>数量须为大于 0 的整数（{detail}）</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="29"/>
        <source>no product with SKU {detail}</source>
        <translation>没有商家编码为 {detail} 的商品</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="30"/>
        <source>not an amount in CNY ({detail})</source>
        <translation>不是人民币金额（{detail}）</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="31"/>
        <source>not a date and time ({detail})</source>
        <translation>不是日期时间（{detail}）</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="32"/>
        <source>not yes or no ({detail})</source>
        <translation>不是“是”或“否”（{detail}）</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="33"/>
        <source>order type is spot, presale or custom, not {detail}</source>
        <translation>订单类型须为现货、预售或定制，而不是 {detail}</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="36"/>
        <source>an order number is printable ASCII only ({detail})</source>
        <translation>订单号只能包含可打印的 ASCII 字符（{detail}）</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="39"/>
        <source>rows of one order disagree ({detail})</source>
        <translation>同一订单的各行不一致（{detail}）</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="40"/>
        <source>order {detail} has no carrier: the export names none and neither do the settings (Settings: Carrier by shop, Carrier of imported orders otherwise)</source>
        <translation>订单 {detail} 没有快递公司：导出文件未写明，设置中也没有（设置：导入订单的店铺快递、导入订单的默认快递）</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="45"/>
        <source>item of order {detail}, which is not in the orders file</source>
        <translation>订单 {detail} 的商品，但订单文件中没有该订单</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="48"/>
        <source>order {detail} has no item in the items file</source>
        <translation>订单 {detail} 在商品文件中没有商品</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="51"/>
        <source>no import profile knows this header ({detail}); choose a profile</source>
        <translation>没有导入模板认识此表头（{detail}）；请选择模板</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="54"/>
        <source>the file cannot be read: {detail}</source>
        <translation>无法读取文件：{detail}</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="55"/>
        <source>nothing to import: {detail}</source>
        <translation>没有可导入的内容：{detail}</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="58"/>
        <source>order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="59"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="60"/>
        <source>phone number</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location filename="../../ui/import_messages.py" line="61"/>
        <source>number</source>
        <translation>编号</translation>
    </message>
</context>
<context>
    <name>InspectionDialog</name>
    <message>
        <location filename="../../ui/inspection_dialog.py" line="42"/>
        <source>Inspection</source>
        <translation>质检</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_dialog.py" line="48"/>
        <source>{sku} · lot size {lot} · AQL {aql} · letter {letter}: inspect {n}, accept {ac}, reject {re}</source>
        <translation>{sku} · 批量 {lot} · AQL {aql} · 字码 {letter}：抽检 {n}，接收数 {ac}，拒收数 {re}</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_dialog.py" line="72"/>
        <location filename="../../ui/inspection_dialog.py" line="138"/>
        <source>no photo</source>
        <translation>无照片</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_dialog.py" line="73"/>
        <source>Photo…</source>
        <translation>照片…</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_dialog.py" line="75"/>
        <source>Camera…</source>
        <translation>相机…</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_dialog.py" line="81"/>
        <source>Defect code</source>
        <translation>缺陷代码</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_dialog.py" line="82"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_dialog.py" line="83"/>
        <source>Units</source>
        <translation>件数</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_dialog.py" line="84"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_dialog.py" line="85"/>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_dialog.py" line="87"/>
        <source>Record defect</source>
        <translation>记录缺陷</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_dialog.py" line="96"/>
        <source>Decide</source>
        <translation>判定</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_dialog.py" line="97"/>
        <source>Hold the lot</source>
        <translation>暂扣此批</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_dialog.py" line="117"/>
        <source>Defect code {code}</source>
        <translation>缺陷代码 {code}</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_dialog.py" line="121"/>
        <source>Photo of the defect</source>
        <translation>缺陷照片</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_dialog.py" line="121"/>
        <source>Images (*.jpg *.jpeg *.png *.webp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.webp)</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_dialog.py" line="172"/>
        <source>Reject the lot?</source>
        <translation>拒收该批次？</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_dialog.py" line="174"/>
        <source>The defects found reject this lot of {sku}. Reject it? It goes to quarantine and the supplier is told.</source>
        <translation>发现的缺陷判定 {sku} 的该批次拒收。确定拒收吗？该批次将进入隔离区并通知供应商。</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_dialog.py" line="177"/>
        <source>Yes, reject the lot</source>
        <translation>是，拒收该批次</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_dialog.py" line="179"/>
        <source>Hold the lot?</source>
        <translation>暂扣此批？</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_dialog.py" line="181"/>
        <source>Hold this lot of {sku}? It goes to quarantine until someone decides on it.</source>
        <translation>暂扣 {sku} 的此批吗？此批将进入隔离区，直到有人作出决定。</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_dialog.py" line="183"/>
        <source>Yes, hold the lot</source>
        <translation>是，暂扣此批</translation>
    </message>
</context>
<context>
    <name>InvoiceDialog</name>
    <message>
        <location filename="../../ui/invoice_dialog.py" line="41"/>
        <source>Supplier invoice</source>
        <translation>供应商发票</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_dialog.py" line="49"/>
        <source>Purchase order</source>
        <translation>采购单</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_dialog.py" line="50"/>
        <source>Invoice number</source>
        <translation>发票号</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_dialog.py" line="54"/>
        <location filename="../../ui/invoice_dialog.py" line="74"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_dialog.py" line="54"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_dialog.py" line="54"/>
        <source>Unit price (CNY)</source>
        <translation>单价（元）</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_dialog.py" line="59"/>
        <source>Add line</source>
        <translation>添加行</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_dialog.py" line="61"/>
        <source>Match</source>
        <translation>核对</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_dialog.py" line="75"/>
        <source>Ordered</source>
        <translation>订购</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_dialog.py" line="76"/>
        <source>Received</source>
        <translation>已收</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_dialog.py" line="77"/>
        <source>Invoiced</source>
        <translation>开票</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_dialog.py" line="78"/>
        <source>Price PO / invoice</source>
        <translation>单价 采购单 / 发票</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_dialog.py" line="79"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <location filename="../../ui/login.py" line="104"/>
        <source>Station · {bench}</source>
        <translation>工作站 · {bench}</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="106"/>
        <source>Scan your badge, or choose your name and enter your PIN</source>
        <translation>请扫描工牌，或选择姓名并输入PIN码</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="107"/>
        <source>PIN</source>
        <translation>PIN码</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="108"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="111"/>
        <source>Demo PINs: 张伟 (packer) 1357 · 李娜 (receiver) 2468 · 王芳 (supervisor) 9876 · Admin 8642. Badges: OP-0001, OP-0002, SV-0001.</source>
        <translation>演示PIN码：张伟（打包员）1357 · 李娜（收货员）2468 · 王芳（主管）9876 · Admin 8642。工牌：OP-0001、OP-0002、SV-0001。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="221"/>
        <source>Station · {bench}</source>
        <translation>工作站 · {bench}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="223"/>
        <source>DEMO</source>
        <translation>演示</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="233"/>
        <source>Ready to scan</source>
        <translation>可以扫描</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="233"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../ui/messages.py" line="20"/>
        <source>Unknown code: {code}</source>
        <translation>未知条码：{code}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="21"/>
        <source>{name}</source>
        <translation>{name}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="22"/>
        <source>Order {code}</source>
        <translation>订单 {code}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="23"/>
        <source>Purchase order {code}</source>
        <translation>采购订单 {code}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="24"/>
        <source>Product {code}: open an order first</source>
        <translation>商品 {code}：请先扫描订单</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="25"/>
        <source>{code} is a sales order: use Pack-out or Waybills</source>
        <translation>{code} 是销售订单：请在打包出库或打单页面扫描</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="28"/>
        <source>{code} is a purchase order: use Goods-in</source>
        <translation>{code} 是采购订单：请在入库验收页面扫描</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="31"/>
        <source>Order {number} is ON HOLD: {reason}</source>
        <translation>订单 {number} 已暂停：{reason}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="32"/>
        <source>Order {number} is CANCELLED: {reason}</source>
        <translation>订单 {number} 已取消：{reason}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="36"/>
        <source>Read twice: {code} counted once</source>
        <translation>重复读取：{code} 只计一次</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="37"/>
        <source>The scanner&apos;s read arrived incomplete and was not counted: scan again</source>
        <translation>扫描枪的这次读取不完整，未计入：请重新扫描</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="40"/>
        <source>Log in first</source>
        <translation>请先登录</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="41"/>
        <source>Scan {code} not taken: answer the open window first</source>
        <translation>扫描 {code} 未接收：请先处理打开的窗口</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="44"/>
        <source>{name} may not use {page}</source>
        <translation>{name} 无权使用 {page}</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="11"/>
        <source>Handover {number} open for {carrier}: scan the parcels</source>
        <translation>交接单 {number}（{carrier}）已开始：请扫描包裹</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="14"/>
        <source>Handover {number} for {carrier} is still open: close it first</source>
        <translation>交接单 {number}（{carrier}）尚未完成：请先完成</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="17"/>
        <source>Choose a carrier first</source>
        <translation>请先选择快递公司</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="18"/>
        <source>{code} is neither a waybill of this bench nor a carrier&apos;s bag</source>
        <translation>{code} 既不是本工作台的运单，也不是快递公司的袋子</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="21"/>
        <source>Open a handover first: scan the carrier&apos;s bag or choose the carrier</source>
        <translation>请先开始交接：扫描快递公司的袋子或选择快递公司</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="24"/>
        <source>REFUSED: waybill {tracking} was voided</source>
        <translation>拒绝：运单 {tracking} 已作废</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="25"/>
        <source>REFUSED: the parcel of order {order} is not closed yet</source>
        <translation>拒绝：订单 {order} 的包裹尚未封箱</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="28"/>
        <source>PULL THIS PARCEL OUT: order {order} is {status} {reason}</source>
        <translation>请取出此包裹：订单 {order} {status} {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="31"/>
        <source>WRONG CARRIER: {tracking} goes with {carrier}, this bag is {bag}</source>
        <translation>快递公司不符：{tracking} 属于 {carrier}，此袋为 {bag}</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="34"/>
        <source>{tracking} is already in this handover: counted once</source>
        <translation>{tracking} 已在本次交接中：只计一次</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="37"/>
        <source>REFUSED: {tracking} was handed over already (handover {number})</source>
        <translation>拒绝：{tracking} 已交接（交接单 {number}）</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="40"/>
        <source>{tracking} in: {n} of {total}</source>
        <translation>{tracking} 已扫入：{n} / {total}</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="41"/>
        <source>{tracking} is not in handover {number}</source>
        <translation>{tracking} 不在交接单 {number} 中</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="42"/>
        <source>Only a supervisor can take a parcel out of a handover</source>
        <translation>只有主管可以从交接中取出包裹</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="45"/>
        <source>INTERCEPTED after it was scanned in: take {trackings} out of the bag before closing</source>
        <translation>扫入后被拦截：完成交接前请将 {trackings} 从袋中取出</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="49"/>
        <source>Handover {number} is empty: scan the parcels first</source>
        <translation>交接单 {number} 为空：请先扫描包裹</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="52"/>
        <source>Packed parcels not scanned: {n}. Closing without them needs a supervisor</source>
        <translation>未扫描的已打包包裹：{n}。不含它们完成交接需主管批准</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="56"/>
        <source>Handover {number} closed, parcels: {n}. The sheet is printing</source>
        <translation>交接单 {number} 已完成，包裹数：{n}。正在打印交接单</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="59"/>
        <source>Handover {number} closed, parcels: {n}. No document printer: the sheet was not printed</source>
        <translation>交接单 {number} 已完成，包裹数：{n}。没有文档打印机：交接单未打印</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="63"/>
        <source>Choose the parcel to take out in the list first</source>
        <translation>请先在列表中选择要取出的包裹</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="66"/>
        <source>{tracking} taken out of the handover</source>
        <translation>{tracking} 已从交接中取出</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="67"/>
        <source>No handover closed yet on this screen</source>
        <translation>本界面尚未完成任何交接</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="68"/>
        <source>The sheet of handover {number} went to the printer</source>
        <translation>交接单 {number} 已发送到打印机</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="72"/>
        <source>CANCELLED</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="73"/>
        <source>REFUNDED</source>
        <translation>已退款</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="46"/>
        <source>Choose your name first</source>
        <translation>请先选择姓名</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="47"/>
        <source>This badge is not known</source>
        <translation>未知工牌</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="48"/>
        <source>{name} is not active</source>
        <translation>{name} 已停用</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="49"/>
        <source>{name} is locked until {until} after too many wrong PINs</source>
        <translation>{name} 因PIN码错误次数过多被锁定至 {until}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="53"/>
        <source>{name} is not a supervisor</source>
        <translation>{name} 不是主管</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="54"/>
        <source>{name}: a supervisor&apos;s badge needs the PIN too; enter your PIN</source>
        <translation>{name}：主管刷卡后还需输入 PIN，请输入您的 PIN</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="57"/>
        <source>A supervisor must scan their badge or enter their PIN</source>
        <translation>需要主管扫描工牌或输入PIN码</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="60"/>
        <source>A PIN is digits only</source>
        <translation>PIN码只能是数字</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="61"/>
        <source>A PIN has 4 to 12 digits</source>
        <translation>PIN码为4到12位数字</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="62"/>
        <source>Choose a PIN that is not one digit repeated</source>
        <translation>PIN码不能是同一数字重复</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="63"/>
        <source>Welcome, {name}</source>
        <translation>欢迎，{name}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="65"/>
        <source>Approved by {name}</source>
        <translation>已由 {name} 批准</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="66"/>
        <source>Settings saved</source>
        <translation>设置已保存</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="67"/>
        <source>The tracking-number file cannot be read: {detail}</source>
        <translation>运单号文件无法读取：{detail}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="70"/>
        <source>Head office sent an answer the station cannot read; nothing of it was kept</source>
        <translation>总部返回的内容无法识别；未保存其中任何数据</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="73"/>
        <source>Head office did not answer in time</source>
        <translation>总部未及时应答</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="74"/>
        <source>Head office cannot be reached: check the network and the address</source>
        <translation>无法连接总部：请检查网络和地址</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="77"/>
        <source>Head office is busy (HTTP {status})</source>
        <translation>总部繁忙（HTTP {status}）</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="78"/>
        <source>Head office refused the records (HTTP {status}): {message}</source>
        <translation>总部拒绝了这些记录（HTTP {status}）：{message}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="81"/>
        <source>Head office sync failed</source>
        <translation>与总部同步失败</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="82"/>
        <source>Head office refused this bench&apos;s token (HTTP {status}): nothing is sent until it is fixed</source>
        <translation>总部拒绝了本工作台的令牌（HTTP {status}）：修正之前不会发送任何记录</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="87"/>
        <source>barcode {barcode} belongs to another product here</source>
        <translation>条码 {barcode} 在本工作台属于另一个商品</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="90"/>
        <source>purchase order {number} cannot be taken as it is</source>
        <translation>采购单 {number} 无法按原样接收</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="93"/>
        <source>purchase order {number} differs from the one here</source>
        <translation>采购单 {number} 与本工作台的不一致</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="96"/>
        <source>order {number}: unknown SKU {skus}</source>
        <translation>订单 {number}：未知 SKU {skus}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="97"/>
        <source>order {number} is {theirs} at head office but {ours} here</source>
        <translation>订单 {number} 在总部为{theirs}，在本工作台为{ours}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="101"/>
        <source>{carrier} routing table refused</source>
        <translation>{carrier} 的路由表（三段码）未被接受</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="102"/>
        <source>NOT SAVED: the disk is full. Scan refused; free space or call IT</source>
        <translation>未保存：磁盘已满。扫描被拒绝；请清理空间或联系 IT</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="105"/>
        <source>NOT SAVED: the data folder is read-only. Scan refused; call IT</source>
        <translation>未保存：数据文件夹只读。扫描被拒绝；请联系 IT</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="108"/>
        <source>NOT SAVED: the disk reported an error. Scan refused; call IT</source>
        <translation>未保存：磁盘报错。扫描被拒绝；请联系 IT</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="111"/>
        <source>Settings not saved: {error}</source>
        <translation>设置未保存：{error}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="112"/>
        <source>Settings not saved: the settings file cannot be read; call IT</source>
        <translation>设置未保存：无法读取设置文件，请联系IT</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="115"/>
        <source>Settings not saved: the value of {key} cannot be used</source>
        <translation>设置未保存：{key} 的值无法使用</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="118"/>
        <source>Settings not saved: a GS1 company prefix has 6 to 12 digits, not {value}</source>
        <translation>设置未保存：GS1 厂商识别代码应为 6 到 12 位数字，而不是 {value}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="121"/>
        <source>Settings not saved: the cut-off is a time (HH:MM), not {value}</source>
        <translation>设置未保存：截单时间应为时刻（HH:MM），而不是 {value}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="124"/>
        <source>Settings not saved: carriers&apos; pickup times are CARRIER=HH:MM, separated by commas, not {value}</source>
        <translation>设置未保存：揽收时间格式为 快递=HH:MM，用逗号分隔，而不是 {value}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="129"/>
        <source>Settings not saved: a label printer prints 203, 300 or 600 dpi, not {value}</source>
        <translation>设置未保存：标签打印机的分辨率为 203、300 或 600 dpi，不能是 {value}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="132"/>
        <source>Settings not saved: the printer is set to {value} dpi but its address says dpi={address}</source>
        <translation>设置未保存：打印机分辨率设为 {value} dpi，但其地址写的是 dpi={address}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="137"/>
        <source>No order {code}</source>
        <translation>没有订单 {code}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="138"/>
        <source>Order {number}: scan the items</source>
        <translation>订单 {number}：请扫描商品</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="139"/>
        <source>Order {number} resumed</source>
        <translation>继续打包订单 {number}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="140"/>
        <source>started by {name} at {time}</source>
        <translation>由 {name} 于 {time} 开始</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="151"/>
        <source>Order {number} is PACKED ALREADY</source>
        <translation>订单 {number} 已经打包过</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="152"/>
        <source>Order {number} is SHIPPED ALREADY</source>
        <translation>订单 {number} 已经发货</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="153"/>
        <source>WRONG ITEM: {name} ({sku}, {code}) is not in this order</source>
        <translation>错货：{name}（{sku}，{code}）不在此订单中</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="156"/>
        <source>TOO MANY: {name} is complete</source>
        <translation>多货：{name} 已够数</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="157"/>
        <source>TOO MANY: {qty} × {name}, only {remaining} left</source>
        <translation>多货：{qty} × {name}，只差 {remaining} 件</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="158"/>
        <location filename="../../ui/messages.py" line="376"/>
        <source>Quantity {qty} is not possible</source>
        <translation>数量 {qty} 无效</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="159"/>
        <source>{name}: scan the code with the serial number</source>
        <translation>{name}：请扫描带序列号的条码</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="160"/>
        <source>{name}: one unit a scan (serial numbers)</source>
        <translation>{name}：有序列号，每次扫描一件</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="163"/>
        <source>Serial {serial} is packed already</source>
        <translation>序列号 {serial} 已经装箱</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="164"/>
        <source>{name}: {packed} of {qty}</source>
        <translation>{name}：{packed} / {qty}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="165"/>
        <source>{name}: {packed} of {qty} ✓</source>
        <translation>{name}：{packed} / {qty} ✓</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="166"/>
        <source>The parcel is empty</source>
        <translation>包裹是空的</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="167"/>
        <source>MISSING: {names}</source>
        <translation>缺货：{names}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="168"/>
        <source>More short than missing</source>
        <translation>缺货数量超过未装数量</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="169"/>
        <source>Shipping short needs a supervisor</source>
        <translation>缺货发货需要主管批准</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="170"/>
        <source>WEIGHT: {measured} g, expected {expected} g. Check the parcel</source>
        <translation>重量异常：{measured} 克，应为 {expected} 克。请检查包裹</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="173"/>
        <source>Put the parcel on the scale</source>
        <translation>请把包裹放到电子秤上</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="174"/>
        <source>No tracking numbers left for {carrier}</source>
        <translation>{carrier} 的运单号已用完</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="175"/>
        <source>Order {order}: the platform masked the recipient&apos;s name or address; it ships only with the platform&apos;s e-waybill, never a pool number</source>
        <translation>订单 {order}：平台已对收件人姓名或地址脱敏，只能使用平台电子面单发货，不能使用号段单号</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="180"/>
        <source>Order {order}: {carrier} numbers carry the order&apos;s parcel count; say how many parcels it will have (2 or more) to close this one</source>
        <translation>订单 {order}：{carrier} 的运单号带有该订单的包裹总数；请先说明共几个包裹（2 个或以上）再封箱</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="185"/>
        <source>Order {order}: this is its last parcel, so it has 1 parcel, not {count}</source>
        <translation>订单 {order}：这是最后一个包裹，订单共 1 个包裹，不是 {count} 个</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="188"/>
        <source>Order {order}: its labels give the parcel count as {count}, not {asked}; a supervisor voids its parcels to change the count</source>
        <translation>订单 {order}：已打印的面单写的是 {count} 个包裹，不是 {asked} 个；需主管作废其包裹后才能更改件数</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="193"/>
        <source>Order {order}: its labels give the parcel count as {count} and this is parcel {n}; close it with another to follow, or a supervisor voids its parcels to pack it again</source>
        <translation>订单 {order}：面单写的是共 {count} 个包裹，这是第 {n} 个；请按“还有下一个包裹”封箱，或由主管作废其包裹后重新打包</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="198"/>
        <source>Order {order}: this is parcel {count} of {count}, its last; close it as the last</source>
        <translation>订单 {order}：这是第 {count}/{count} 个包裹，即最后一个；请按最后一个包裹封箱</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="202"/>
        <source>Order {order} ({carrier}): how many parcels will it have in all?</source>
        <translation>订单 {order}（{carrier}）：共有几个包裹？</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="205"/>
        <source>Read the remark first (R)</source>
        <translation>请先阅读备注（R）</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="206"/>
        <source>Order {number} put aside: scan it again to go on</source>
        <translation>订单 {number} 已搁置：再次扫描即可继续</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="209"/>
        <source>Every unit is in: read the remark (R) and the parcel closes</source>
        <translation>所有商品已扫描：请阅读备注（R），包裹随即封箱</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="212"/>
        <source>Scale: {error}</source>
        <translation>电子秤：{error}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="214"/>
        <source>The scale did not settle in {seconds} s: hold the parcel still and close again</source>
        <translation>秤在 {seconds} 秒内没有稳定：让包裹保持不动，再封箱一次</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="217"/>
        <source>Scale OVERLOADED: the parcel is heavier than this scale weighs</source>
        <translation>秤超载：包裹超过这台秤的称量范围</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="220"/>
        <source>Scale UNDERLOAD: put the pan back, empty the scale and zero it</source>
        <translation>秤欠载：放回秤盘，清空秤台并归零</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="223"/>
        <source>The scale is busy: close again</source>
        <translation>秤正忙：请再封箱一次</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="224"/>
        <source>The scale sends only its tare, no weight: set it to send the weight</source>
        <translation>电子秤只发送皮重，没有重量：请把它设置为发送重量</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="227"/>
        <source>The scale has not been zeroed since it was switched on: empty it and zero it</source>
        <translation>秤开机后还没有归零：请清空秤台并归零</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="230"/>
        <source>The scale reads below zero ({grams} g): empty it and zero it</source>
        <translation>秤的读数低于零（{grams} 克）：请清空秤台并归零</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="233"/>
        <source>The scale weighs in &apos;{unit}&apos;: set it to g, kg, lb or oz</source>
        <translation>秤的单位是“{unit}”：请把秤设为 g、kg、lb 或 oz</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="236"/>
        <source>The scale sends garbage: check its protocol and speed in Settings</source>
        <translation>秤发来的是乱码：请在设置中检查协议和波特率</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="239"/>
        <source>The scale does not answer</source>
        <translation>秤没有应答</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="240"/>
        <source>The scale is not connected</source>
        <translation>秤未连接</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="241"/>
        <source>Label not printed: {error}</source>
        <translation>标签未打印：{error}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="242"/>
        <source>Label not printed: {field} holds {codepoint} {char}, which no font on this computer has</source>
        <translation>标签未打印：{field} 含有 {codepoint} {char}，本机没有任何字体能显示这个字</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="246"/>
        <source>Label not printed: {field} holds {codepoint}, a private-use character that means nothing outside the program that wrote it</source>
        <translation>标签未打印：{field} 含有 {codepoint}，这是私用区字符，离开写入它的程序就没有意义</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="251"/>
        <source>Label not printed: {field} holds {codepoint}, a character lost before the text reached the station</source>
        <translation>标签未打印：{field} 含有 {codepoint}，文字在到达工作台之前已有字符损坏丢失</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="256"/>
        <source>Label not printed: {field} holds {codepoint} {char}, written right to left or joined to the letters beside it, which labels do not print</source>
        <translation>标签未打印：{field} 含有 {codepoint} {char}，该文字从右向左书写或需与相邻字母连写，标签无法打印</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="261"/>
        <source>Label not printed: {field} does not fit its place on the label, even at {size} pt</source>
        <translation>标签未打印：{field} 内容太长，缩小到 {size} 磅仍放不下</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="266"/>
        <source>Voiding a waybill needs a supervisor</source>
        <translation>作废面单需要主管批准</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="267"/>
        <source>This parcel has no waybill to void</source>
        <translation>此包裹没有可作废的面单</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="268"/>
        <source>Waybill {tracking} voided: pack order {order} again</source>
        <translation>面单 {tracking} 已作废：请重新打包订单 {order}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="271"/>
        <source>Waybill {tracking} is VOIDED already: nothing to void</source>
        <translation>面单 {tracking} 已经作废：无需再作废</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="274"/>
        <source>Waybill {tracking} was VOIDED: a voided waybill is never printed again</source>
        <translation>面单 {tracking} 已作废：作废的面单不会再打印</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="277"/>
        <source>Parcel closed · {tracking}</source>
        <translation>包裹已封箱 · {tracking}</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="75"/>
        <source>platform e-waybill ({provider})</source>
        <translation>平台电子面单（{provider}）</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="76"/>
        <source>pool number</source>
        <translation>号段单号</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="77"/>
        <source>Asking head office for the e-waybill…</source>
        <translation>正在向总部获取电子面单…</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="78"/>
        <source>The e-waybill could not be asked for: {error}. Close again</source>
        <translation>未能获取电子面单：{error}。请重新封箱</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="81"/>
        <source>No e-waybill yet: head office unreachable. The label prints by itself when the network is back</source>
        <translation>尚无电子面单：总部连接不上。网络恢复后面单会自动打印</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="86"/>
        <source>No e-waybill yet: the platform does not answer head office. The label prints by itself when it does</source>
        <translation>尚无电子面单：平台未响应总部。平台恢复后面单会自动打印</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="91"/>
        <source>{n} closed parcel(s) wait for their e-waybill: {reason}</source>
        <translation>{n} 个已封箱包裹在等待电子面单：{reason}</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="94"/>
        <source>E-waybill refused by {platform}: {what} · “{reason}” [{platform_code}]</source>
        <translation>{platform} 拒绝取号：{what} · “{reason}” [{platform_code}]</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="97"/>
        <source>E-waybill balance low: {balance} left. Top up the shop&apos;s e-waybill account at the platform (or ask head office to) before it runs out</source>
        <translation>电子面单余额不足：仅剩 {balance} 单。请在用完前到平台为店铺的电子面单账户充值（或请总部充值）</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="102"/>
        <source>head office&apos;s app secret for this shop is wrong</source>
        <translation>总部为该店铺配置的应用密钥有误</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="105"/>
        <source>the shop&apos;s authorisation has expired</source>
        <translation>店铺授权已过期</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="106"/>
        <source>no e-waybill balance left</source>
        <translation>电子面单余额已用完</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="107"/>
        <source>the carrier does not deliver to this address</source>
        <translation>快递公司不派送该地址</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="110"/>
        <source>the address is masked and the platform&apos;s reference is missing</source>
        <translation>地址为脱敏信息，缺少平台的密文或 OAID</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="113"/>
        <source>too many requests, try again</source>
        <translation>请求过于频繁，请稍后再试</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="114"/>
        <source>the platform does not answer</source>
        <translation>平台无响应</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="115"/>
        <source>the request was incomplete</source>
        <translation>取号请求信息不全</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="116"/>
        <source>the number is not known</source>
        <translation>单号不存在</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="117"/>
        <source>not possible for this provider</source>
        <translation>该面单来源不支持此操作</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="118"/>
        <source>What to do: top up the shop&apos;s e-waybill account at the platform (or ask head office to), then close again. Put the order aside meanwhile (Esc)</source>
        <translation>处理方法：到平台为店铺的电子面单账户充值（或请总部充值），然后重新封箱。其间先把订单放一边（Esc）</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="123"/>
        <source>What to do: ask head office to send the order again with the platform&apos;s recipient reference (OAID or ciphertext), then close again. Put the order aside meanwhile (Esc)</source>
        <translation>处理方法：请总部带上平台的收件人密文或 OAID 重新下发订单，然后重新封箱。其间先把订单放一边（Esc）</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="128"/>
        <source>What to do: ask head office to choose another carrier or correct the address, then close again. Put the order aside meanwhile (Esc)</source>
        <translation>处理方法：请总部更换快递公司或更正地址，然后重新封箱。其间先把订单放一边（Esc）</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="133"/>
        <source>What to do: ask head office to renew the shop&apos;s authorisation, then close again. Put the order aside meanwhile (Esc)</source>
        <translation>处理方法：请总部重新授权该店铺，然后重新封箱。其间先把订单放一边（Esc）</translation>
    </message>
    <message>
        <location filename="../../ui/messages_shipping.py" line="138"/>
        <source>What to do: put the order aside (Esc) and tell head office the reason</source>
        <translation>处理方法：先把订单放一边（Esc），并把原因告诉总部</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="278"/>
        <source>reship {number} created</source>
        <translation>已创建补发单 {number}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="280"/>
        <source>to pack</source>
        <translation>待打包</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="281"/>
        <source>packing</source>
        <translation>打包中</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="282"/>
        <location filename="../../ui/messages_batches.py" line="84"/>
        <source>packed</source>
        <translation>已打包</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="283"/>
        <source>shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="514"/>
        <source>Cainiao</source>
        <translation>菜鸟</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="515"/>
        <source>Pinduoduo</source>
        <translation>拼多多</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="516"/>
        <source>Douyin</source>
        <translation>抖店</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="517"/>
        <source>Kuaishou</source>
        <translation>快手</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="518"/>
        <source>JD</source>
        <translation>京东</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="519"/>
        <source>pool</source>
        <translation>号段</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="284"/>
        <location filename="../../ui/messages_shipping.py" line="71"/>
        <source>ON HOLD</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="33"/>
        <source>Order {number} is a PRE-SALE order waiting for stock: {skus}</source>
        <translation>订单 {number} 是预售订单，正在待备货：{skus}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="285"/>
        <location filename="../../ui/messages_batches.py" line="86"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="287"/>
        <source>waybill</source>
        <translation>面单</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="288"/>
        <source>packing list</source>
        <translation>装箱单</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="289"/>
        <source>pallet label</source>
        <translation>托盘标签</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="290"/>
        <source>test label</source>
        <translation>测试标签</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="291"/>
        <source>report</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="292"/>
        <source>handover sheet</source>
        <translation>交接单</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="294"/>
        <source>Receiving against PO {number}</source>
        <translation>按采购单 {number} 收货</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="298"/>
        <source>{sku} ×{qty} received</source>
        <translation>{sku} ×{qty} 已收</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="299"/>
        <source>lot {lot}</source>
        <translation>批号 {lot}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="300"/>
        <source>expires {date}</source>
        <translation>有效期至 {date}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="301"/>
        <source>OVER the ordered quantity</source>
        <translation>超出采购数量</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="305"/>
        <source>Receipt {number} closed, complete</source>
        <translation>收货单 {number} 已完成，全部收齐</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="310"/>
        <source>Pre-sale orders these goods release for packing: {n} ({orders})</source>
        <translation>本批到货释放预售订单可打包：{n}（{orders}）</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="313"/>
        <source>Pre-sale orders released when this receipt closes: {n}</source>
        <translation>收货单关闭时将释放的预售订单：{n}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="316"/>
        <source>discrepancy report sent to the document printer</source>
        <translation>收货差异单已发送到文档打印机</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="319"/>
        <source>REPLENISH {sku}: {got} received, threshold {threshold}</source>
        <translation>需补货 {sku}：已收 {got}，阈值 {threshold}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="322"/>
        <source>critical</source>
        <translation>致命</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="323"/>
        <source>major</source>
        <translation>严重</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="324"/>
        <source>minor</source>
        <translation>轻微</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="325"/>
        <source>{sku}: lot ACCEPTED by inspection</source>
        <translation>{sku}：质检合格，接收此批</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="326"/>
        <source>{sku}: lot REJECTED by inspection, in quarantine</source>
        <translation>{sku}：质检不合格，拒收，已隔离</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="329"/>
        <source>{sku}: lot HELD, in quarantine</source>
        <translation>{sku}：此批暂扣，已隔离</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="330"/>
        <source>Nothing received to inspect {sku}</source>
        <translation>没有可质检的已收货物 {sku}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="331"/>
        <source>This inspection is decided: {result}</source>
        <translation>此次质检已判定：{result}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="332"/>
        <source>Unknown defect class {severity}</source>
        <translation>未知缺陷类别 {severity}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="333"/>
        <source>Give the defect code</source>
        <translation>请填写缺陷代码</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="337"/>
        <source>{name} is not a photo</source>
        <translation>{name} 不是照片</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="338"/>
        <source>Photo {name} not found</source>
        <translation>找不到照片 {name}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="339"/>
        <source>Photo {name} is too big</source>
        <translation>照片 {name} 太大</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="340"/>
        <source>AQL {aql} is not in the tables</source>
        <translation>AQL {aql} 不在抽样表中</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="341"/>
        <source>Inspection level {level} is not known</source>
        <translation>未知检验水平 {level}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="342"/>
        <source>Lot of {lot} is too small</source>
        <translation>批量 {lot} 太小</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="343"/>
        <source>No sampling plan for {letter} at {aql}</source>
        <translation>字码 {letter} 在 AQL {aql} 下没有抽样方案</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="344"/>
        <source>GS1 company prefix {prefix} is not 6 to 12 digits</source>
        <translation>GS1 厂商识别代码 {prefix} 不是 6 到 12 位数字</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="347"/>
        <source>No SSCC numbers left for prefix {prefix}</source>
        <translation>厂商识别代码 {prefix} 的 SSCC 号码已用完</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="350"/>
        <source>Nothing received on {number}</source>
        <translation>{number} 没有收货记录</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="351"/>
        <source>Pallet {sscc} was received already</source>
        <translation>托盘 {sscc} 已收货</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="352"/>
        <source>Invoice line {line}: give the SKU, a quantity above 0 and a unit price</source>
        <translation>发票第 {line} 行：请填写 SKU、大于 0 的数量和单价</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="355"/>
        <source>The invoice has no lines</source>
        <translation>发票没有明细行</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="356"/>
        <source>The invoice file cannot be read: {detail}</source>
        <translation>发票文件无法读取：{detail}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="399"/>
        <source>The barcode&apos;s expiry date (17) {expiry} and expiry date and time (7003) {expiry_time} are different days</source>
        <translation>条码中的有效期 (17) {expiry} 与有效日期和时间 (7003) {expiry_time} 不是同一天</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="463"/>
        <source>recipient&apos;s name</source>
        <translation>收件人姓名</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="464"/>
        <source>recipient&apos;s phone</source>
        <translation>收件人电话</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="465"/>
        <source>recipient&apos;s address</source>
        <translation>收件人地址</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="466"/>
        <source>sender&apos;s name</source>
        <translation>寄件人姓名</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="467"/>
        <source>sender&apos;s phone</source>
        <translation>寄件人电话</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="468"/>
        <source>sender&apos;s address</source>
        <translation>寄件人地址</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="469"/>
        <source>contents</source>
        <translation>内件</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="470"/>
        <source>carrier</source>
        <translation>快递公司</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="471"/>
        <source>order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="472"/>
        <source>tracking number</source>
        <translation>运单号</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="473"/>
        <source>buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="474"/>
        <source>address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="475"/>
        <source>remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="476"/>
        <source>shop</source>
        <translation>店铺</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="477"/>
        <source>product name</source>
        <translation>品名</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="478"/>
        <source>route code</source>
        <translation>三段码</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="479"/>
        <source>sortation name</source>
        <translation>大头笔</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="480"/>
        <source>consolidation point</source>
        <translation>集包地</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="481"/>
        <source>parent waybill</source>
        <translation>母单号</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="482"/>
        <source>service</source>
        <translation>产品类型</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="483"/>
        <source>payment</source>
        <translation>付款方式</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="484"/>
        <source>insured value</source>
        <translation>保价金额</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="52"/>
        <source>Wrong PIN (tries left: {attempts_left})</source>
        <translation>PIN码错误：还可尝试 {attempts_left} 次</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="64"/>
        <source>Locked after {minutes} min without use</source>
        <translation>{minutes} 分钟无操作，已自动锁定</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="100"/>
        <source>{carrier} tracking numbers refused: {n}</source>
        <translation>{carrier} 的 {n} 个面单号被拒收</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="143"/>
        <source>MISREAD: {code}: its {what} check digit should be {expected}, the scanner read {found}. Scan it again</source>
        <translation>误读：{code} 的 {what} 校验位应为 {expected}，扫描枪读到 {found}。请重新扫描</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="148"/>
        <source>MISREAD: {code} fails its check digit. Scan it again</source>
        <translation>误读：{code} 校验位不符。请重新扫描</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="265"/>
        <source>{carrier} tracking numbers left: only {free}</source>
        <translation>{carrier} 运单号只剩 {free} 个</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="295"/>
        <source>Receipt {receipt} resumed: receiving against PO {number}</source>
        <translation>收货单 {receipt} 已恢复：按采购单 {number} 收货</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="302"/>
        <source>QUARANTINE: shelf life left {days} d, {minimum} d needed</source>
        <translation>隔离：剩余保质期 {days} 天，要求至少 {minimum} 天</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="306"/>
        <source>Receipt {number} closed; units still short: {n}</source>
        <translation>收货单 {number} 已完成，仍短缺 {n} 件</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="309"/>
        <source>Putaway labels printed: {n}</source>
        <translation>已打印 {n} 张上架标签</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="334"/>
        <source>Defective units: {qty}, more than the sample of {sample} allows</source>
        <translation>{qty} 件缺陷超过样本量 {sample}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="357"/>
        <source>Lines that do not match: {n}</source>
        <translation>{n} 行不一致</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="358"/>
        <source>Invoice, PO and receipts match</source>
        <translation>发票、采购单与收货一致</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="359"/>
        <source>invoiced more than received</source>
        <translation>开票多于实收</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="362"/>
        <source>price differs from the PO</source>
        <translation>单价与采购单不同</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="363"/>
        <source>not on the PO</source>
        <translation>不在采购单上</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="364"/>
        <source>received, not invoiced</source>
        <translation>已收货未开票</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="365"/>
        <source>No purchase order {barcode}</source>
        <translation>没有采购单 {barcode}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="366"/>
        <source>Purchase order {number} is {status}: nothing more to receive</source>
        <translation>采购单 {number} 状态为 {status}：不能再收货</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="369"/>
        <source>Receipt {number} is closed</source>
        <translation>收货单 {number} 已关闭</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="370"/>
        <source>Pallet {sscc} is not announced for this PO: scan the cartons on it</source>
        <translation>托盘 {sscc} 不在此采购单的发货通知中：请扫描托盘上的箱</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="373"/>
        <source>Unknown barcode {barcode}: a supervisor can link it to a product</source>
        <translation>未知条码 {barcode}：主管可将其关联到商品</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="377"/>
        <source>WRONG ITEM: {name} ({sku}) is not on this PO, recorded for the supplier</source>
        <translation>错货：{name}（{sku}）不在此采购单上，已记录给供应商</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="380"/>
        <source>{sku} needs its lot: scan the GS1 code with the lot (10)</source>
        <translation>{sku} 需要批号：请扫描带批号 (10) 的 GS1 条码</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="383"/>
        <source>{sku} needs its expiry date: scan the GS1 code with the expiry (17)</source>
        <translation>{sku} 需要有效期：请扫描带有效期 (17) 的 GS1 条码</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="386"/>
        <source>{sku}: {received} received, {ordered} ordered: a supervisor must approve</source>
        <translation>{sku}：已收 {received}，采购 {ordered}：需主管批准</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="389"/>
        <source>Only a supervisor can link a barcode</source>
        <translation>只有主管可以关联条码</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="392"/>
        <source>No product {sku}</source>
        <translation>没有商品 {sku}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="393"/>
        <source>Barcode {barcode} is known already</source>
        <translation>条码 {barcode} 已存在</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="394"/>
        <source>Empty scan</source>
        <translation>空扫描</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="395"/>
        <source>Barcode data not readable: {detail}</source>
        <translation>条码数据无法识别：{detail}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="396"/>
        <source>Bad GTIN: {detail}</source>
        <translation>GTIN 错误：{detail}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="397"/>
        <source>Bad date in the barcode: {detail}</source>
        <translation>条码中的日期错误：{detail}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="398"/>
        <source>Bad SSCC: {detail}</source>
        <translation>SSCC 错误：{detail}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="404"/>
        <source>Nothing to receive in this barcode: {detail}</source>
        <translation>此条码中没有可收货的内容：{detail}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="409"/>
        <source>({ai}) is not a GS1 Application Identifier</source>
        <translation>({ai}) 不是 GS1 应用标识符</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="410"/>
        <source>({ai}) has no value</source>
        <translation>({ai}) 没有数据</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="411"/>
        <source>({ai}) is {length} characters long, at most {max} are allowed: a group separator (FNC1) is missing after it</source>
        <translation>({ai}) 长 {length} 个字符，最多允许 {max} 个：其后缺少分隔符 (FNC1)</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="416"/>
        <source>({ai}) is {length} characters long, it needs {min}</source>
        <translation>({ai}) 长 {length} 个字符，需要 {min} 个</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="419"/>
        <source>({ai}) may not contain “{char}”</source>
        <translation>({ai}) 不能包含“{char}”</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="420"/>
        <source>({ai}) {value}: the check digit is wrong</source>
        <translation>({ai}) {value}：校验位错误</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="421"/>
        <source>({ai}) {value} is not a date</source>
        <translation>({ai}) {value} 不是有效日期</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="422"/>
        <source>({ai}) {value}: day 00 is not allowed in this date</source>
        <translation>({ai}) {value}：此日期不允许日为 00</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="425"/>
        <source>({ai}) {value} is not a valid value</source>
        <translation>({ai}) {value} 不是有效值</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="426"/>
        <source>({ai}) appears twice with different values: {first} and {second}</source>
        <translation>({ai}) 出现两次且数据不同：{first} 和 {second}</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="429"/>
        <source>({ai}) and ({other}) may not appear in the same barcode</source>
        <translation>({ai}) 与 ({other}) 不能出现在同一条码中</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="432"/>
        <source>({ai}) must come with {needs} in the same barcode</source>
        <translation>({ai}) 必须与 {needs} 出现在同一条码中</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="440"/>
        <source>Packer</source>
        <translation>打包员</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="441"/>
        <source>Receiver</source>
        <translation>收货员</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="442"/>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="443"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="7"/>
        <source>Batch {batch}: {left} of {total} left</source>
        <translation>波次 {batch}：共 {total} 单，剩 {left} 单</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="8"/>
        <source>waybill printed with the batch</source>
        <translation>面单已随波次打印</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="9"/>
        <source>Batch {batch} is packed: every order done</source>
        <translation>波次 {batch} 已全部打包完成</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="10"/>
        <source>New batches: {n}; orders in them: {orders}</source>
        <translation>新建 {n} 个波次，共 {orders} 单</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="11"/>
        <source>No open order waits for a batch</source>
        <translation>没有待分波次的订单</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="12"/>
        <source>Choose a batch in the list first, or scan its barcode</source>
        <translation>请先在列表中选择一个波次，或扫描波次条码</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="15"/>
        <source>Choose the order whose label is to be printed again in the batch&apos;s list</source>
        <translation>请在波次的订单列表中选择要补打面单的订单</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="18"/>
        <source>Batch {batch} made; orders: {n}</source>
        <translation>已用 {n} 个订单建立波次 {batch}</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="19"/>
        <source>Batch {batch}: waybills sent to the label printer: {n}</source>
        <translation>波次 {batch}：{n} 张面单已发送到面单打印机</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="22"/>
        <source>Batch {batch}: label {seq} sent to the printer again</source>
        <translation>波次 {batch}：第 {seq} 张面单已重新发送到打印机</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="25"/>
        <source>Batch {batch}: pick list sent to the document printer</source>
        <translation>波次 {batch}：拣货单已发送到文档打印机</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="28"/>
        <source>Batch {number}</source>
        <translation>波次 {number}</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="29"/>
        <source>Batch {batch} closed</source>
        <translation>波次 {batch} 已关闭</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="30"/>
        <source>Batch {batch} dissolved: its orders wait for another batch</source>
        <translation>波次 {batch} 已解散：其订单等待进入其他波次</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="33"/>
        <source>Batch {batch} picked</source>
        <translation>波次 {batch} 已拣货</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="34"/>
        <source>No batch {number}</source>
        <translation>没有波次 {number}</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="35"/>
        <source>The waybills of batch {number} were printed already: reprint one label</source>
        <translation>波次 {number} 的面单已打印：请逐张补打</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="38"/>
        <source>Batch {number} is {state}, not open</source>
        <translation>波次 {number} 状态为 {state}，不是待处理</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="39"/>
        <source>No label printer is set up: Settings, Devices</source>
        <translation>未设置面单打印机：设置 → 设备</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="42"/>
        <source>Nothing printed: order {order} has no waybill number ({reason}). Take it out of the batch or fix that first</source>
        <translation>未打印：订单 {order} 取不到运单号（{reason}）。请先处理或将其移出波次</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="47"/>
        <source>Order {number} is {status}: only open orders go in a batch</source>
        <translation>订单 {number} 状态为 {status}：只有待发订单能进入波次</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="50"/>
        <source>Batch {number}: no order of it is left to pack</source>
        <translation>波次 {number}：没有待打包的订单</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="53"/>
        <source>The waybills of batch {number} are not printed yet</source>
        <translation>波次 {number} 的面单尚未打印</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="56"/>
        <source>Batch {number} has no label {seq} (it has {total})</source>
        <translation>波次 {number} 没有第 {seq} 张面单（共 {total} 张）</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="59"/>
        <source>Batch {number}, label {seq}: order {order} must not ship ({status}); its label is not printed again</source>
        <translation>波次 {number} 第 {seq} 张：订单 {order} 不可发货（{status}），其面单不再补打</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="64"/>
        <source>Batch {number} is {state}: not possible now</source>
        <translation>波次 {number} 状态为 {state}：现在不能这样做</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="65"/>
        <source>Choose the orders first</source>
        <translation>请先选择订单</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="66"/>
        <source>No order {number}</source>
        <translation>没有订单 {number}</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="67"/>
        <source>Order {number} is in batch {batch} already</source>
        <translation>订单 {number} 已在波次 {batch} 中</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="70"/>
        <source>Orders chosen: {n}; a batch takes at most {max}</source>
        <translation>选了 {n} 个订单：一个波次最多 {max} 单</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="73"/>
        <source>No document printer is set up: Settings, Devices</source>
        <translation>未设置文档打印机：设置 → 设备</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="76"/>
        <source>Order {order}: no waybill number can be had now (head office away, pool empty)</source>
        <translation>订单 {order}：现在取不到运单号（总部不可达，号池已空）</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="79"/>
        <source>batch waybills</source>
        <translation>波次面单</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="80"/>
        <source>pick list</source>
        <translation>拣货单</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="81"/>
        <source>open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="82"/>
        <source>waybills printed</source>
        <translation>已打单</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="83"/>
        <source>picked</source>
        <translation>已拣货</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="85"/>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="87"/>
        <source>single item</source>
        <translation>单品单件</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="88"/>
        <source>shared SKU</source>
        <translation>同款商品</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="89"/>
        <source>mixed</source>
        <translation>混合</translation>
    </message>
    <message>
        <location filename="../../ui/messages_batches.py" line="90"/>
        <source>by hand</source>
        <translation>手工</translation>
    </message>
</context>
<context>
    <name>OrderImportDialog</name>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="119"/>
        <source>Not used, not a profile: {files}</source>
        <translation>未使用，不是导入模板：{files}</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="125"/>
        <location filename="../../ui/order_import_dialog.py" line="178"/>
        <source>Import orders</source>
        <translation>导入订单</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="126"/>
        <source>Export file</source>
        <translation>导出文件</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="127"/>
        <source>Items file (Taobao/Tmall)</source>
        <translation>商品文件（淘宝/天猫）</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="128"/>
        <source>Profile</source>
        <translation>导入模板</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="129"/>
        <source>Recognised as</source>
        <translation>识别为</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="130"/>
        <location filename="../../ui/order_import_dialog.py" line="131"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="132"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="133"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="134"/>
        <source>Recognise from the header row</source>
        <translation>按表头自动识别</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="137"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="138"/>
        <source>Recipient</source>
        <translation>收件人</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="139"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="140"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="141"/>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="142"/>
        <source>Paid (CNY)</source>
        <translation>实付（元）</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="143"/>
        <source>Dispatch by</source>
        <translation>承诺发货时间</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="144"/>
        <source>Carrier</source>
        <translation>快递公司</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="145"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="149"/>
        <location filename="../../ui/order_import_dialog.py" line="198"/>
        <source>No file chosen</source>
        <translation>未选择文件</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="151"/>
        <location filename="../../ui/order_import_dialog.py" line="199"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="167"/>
        <source>{name} (this shop&apos;s, profiles/{file}.json)</source>
        <translation>{name}（本店模板，profiles/{file}.json）</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="180"/>
        <source>Order exports (*.csv *.xlsx *.json);;All files (*)</source>
        <translation>订单导出文件 (*.csv *.xlsx *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="188"/>
        <source>Items file</source>
        <translation>商品文件</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="190"/>
        <source>Order exports (*.csv *.xlsx);;All files (*)</source>
        <translation>订单导出文件 (*.csv *.xlsx);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="207"/>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="235"/>
        <source>the station&apos;s own columns</source>
        <translation>工作站自有列格式</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="238"/>
        <source>spot</source>
        <translation>现货</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="239"/>
        <source>pre-sale</source>
        <translation>预售</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="240"/>
        <source>custom dispatch</source>
        <translation>定制发货</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="249"/>
        <source>Orders: {orders} · rows shown: {rows}</source>
        <translation>订单：{orders} · 显示行数：{rows}</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="256"/>
        <source>Recipients masked by the platform: {n} ({first}). Their waybills can only be printed through the platform&apos;s print component.</source>
        <translation>平台已隐藏收件人信息的订单：{n}（{first}）。这些订单的面单只能通过平台的打印组件打印。</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="262"/>
        <source>Nothing can be imported: rows refused {n}</source>
        <translation>无法导入：被拒绝的行 {n}</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="272"/>
        <source>row {line}, column {column}</source>
        <translation>第 {line} 行，“{column}”列</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="274"/>
        <source>row {line}</source>
        <translation>第 {line} 行</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="277"/>
        <source>items file {where}</source>
        <translation>商品文件 {where}</translation>
    </message>
    <message>
        <location filename="../../ui/order_import_dialog.py" line="281"/>
        <source>The file cannot be read: {error}</source>
        <translation>无法读取文件：{error}</translation>
    </message>
</context>
<context>
    <name>PackPage</name>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="120"/>
        <source>Pack-out</source>
        <translation>打包出库</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="127"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="128"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="129"/>
        <source>Packed</source>
        <translation>已装</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="130"/>
        <source>Short</source>
        <translation>缺货</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="131"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="134"/>
        <source>I have read the remark (R)</source>
        <translation>我已阅读备注（R）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="135"/>
        <source>Close parcel (Enter)</source>
        <translation>封箱（回车）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="136"/>
        <source>Next parcel (N)</source>
        <translation>下一个包裹（N）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="137"/>
        <source>Ship short… (S)</source>
        <translation>缺货发货…（S）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="138"/>
        <source>Put aside (Esc)</source>
        <translation>暂放（Esc）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="158"/>
        <source>Qty: {n}</source>
        <translation>数量：{n}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="163"/>
        <source>Scan an order or pick ticket to start</source>
        <translation>扫描订单或拣货单开始打包</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="175"/>
        <source>Order {number} · due {due} ({left})</source>
        <translation>订单 {number} · 发货期限 {due}（{left}）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="179"/>
        <source>penalty at risk ¥{amount:.2f}</source>
        <translation>可能赔付 ¥{amount:.2f}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="187"/>
        <source>Seller remark: {text}</source>
        <translation>卖家备注：{text}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="189"/>
        <source>Buyer message: {text}</source>
        <translation>买家留言：{text}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="207"/>
        <source>GIFT</source>
        <translation>赠品</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="221"/>
        <source>Parcel {n}</source>
        <translation>第 {n} 个包裹</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="223"/>
        <source>expected {g} g</source>
        <translation>应重 {g} 克</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="227"/>
        <source>started by {name} at {time}</source>
        <translation>由 {name} 于 {time} 开始</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="288"/>
        <source>Order {number} was packed already. Pack it again?</source>
        <translation>订单 {number} 已打包过。要再次打包吗？</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="364"/>
        <source>Remark read</source>
        <translation>已阅读备注</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="418"/>
        <source>Parcels of the order</source>
        <translation>订单包裹数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/pack_page.py" line="557"/>
        <source>Ship without: {lines}</source>
        <translation>缺货发货：{lines}</translation>
    </message>
</context>
<context>
    <name>PrintQueuePanel</name>
    <message>
        <location filename="../../ui/print_queue.py" line="80"/>
        <source>Print jobs</source>
        <translation>打印任务</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="83"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="84"/>
        <source>Document</source>
        <translation>单据</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="85"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="86"/>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="87"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="88"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="91"/>
        <source>Print test label</source>
        <translation>打印测试标签</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="92"/>
        <source>Print again</source>
        <translation>重新打印</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="93"/>
        <source>Confirm and print</source>
        <translation>确认并打印</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="94"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="95"/>
        <source>Cancel job</source>
        <translation>取消任务</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="96"/>
        <source>Void waybill…</source>
        <translation>作废面单…</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="101"/>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="102"/>
        <source>printing</source>
        <translation>打印中</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="103"/>
        <source>printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="104"/>
        <source>FAILED</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="105"/>
        <source>CONFIRM</source>
        <translation>待确认</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="106"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="111"/>
        <source>VOIDED: never printed again</source>
        <translation>已作废：不再打印</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="113"/>
        <source>Waited too long: check the order before printing it</source>
        <translation>等待时间过长：请先核对订单再打印</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="115"/>
        <source>The station stopped while printing: check whether it came out</source>
        <translation>打印时工作站中断：请检查是否已打出</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="119"/>
        <source>reprint</source>
        <translation>补打</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="183"/>
        <source>No label printer is set up</source>
        <translation>未设置标签打印机</translation>
    </message>
    <message>
        <location filename="../../ui/print_queue.py" line="239"/>
        <source>Void waybill {tracking}? The number is retired and the order is packed again.</source>
        <translation>作废面单 {tracking}？该运单号将停用，订单需重新打包。</translation>
    </message>
</context>
<context>
    <name>ScannerCheckDialog</name>
    <message>
        <location filename="../../ui/scanner_check.py" line="104"/>
        <source>Scanner check</source>
        <translation>扫描枪检测</translation>
    </message>
    <message>
        <location filename="../../ui/scanner_check.py" line="105"/>
        <source>Scan this code with the bench&apos;s scanner</source>
        <translation>请用本工作台的扫描枪扫描此条码</translation>
    </message>
    <message>
        <location filename="../../ui/scanner_check.py" line="106"/>
        <source>If nothing happens, click in this field and scan again:</source>
        <translation>如果没有反应，请点击此输入框后再扫描一次：</translation>
    </message>
    <message>
        <location filename="../../ui/scanner_check.py" line="107"/>
        <source>Use these settings</source>
        <translation>使用这些设置</translation>
    </message>
    <message>
        <location filename="../../ui/scanner_check.py" line="131"/>
        <source>Scanner works</source>
        <translation>扫描枪正常</translation>
    </message>
    <message>
        <location filename="../../ui/scanner_check.py" line="131"/>
        <source>Scanner needs changes: see the check</source>
        <translation>扫描枪需要调整：请查看检测结果</translation>
    </message>
    <message>
        <location filename="../../ui/scanner_check.py" line="152"/>
        <source>British</source>
        <translation>英式</translation>
    </message>
    <message>
        <location filename="../../ui/scanner_check.py" line="152"/>
        <source>German</source>
        <translation>德式</translation>
    </message>
    <message>
        <location filename="../../ui/scanner_check.py" line="152"/>
        <source>French</source>
        <translation>法式</translation>
    </message>
    <message>
        <location filename="../../ui/scanner_check.py" line="154"/>
        <source>Everything arrived as printed. The scanner is ready.</source>
        <translation>读取结果与条码完全一致，扫描枪可以使用。</translation>
    </message>
    <message>
        <location filename="../../ui/scanner_check.py" line="156"/>
        <source>The scanner sends no Enter after the code. Set its suffix to CR (Enter) with its configuration barcodes.</source>
        <translation>扫描枪在条码后没有发送回车。请用其设置条码把后缀设为 CR（回车）。</translation>
    </message>
    <message>
        <location filename="../../ui/scanner_check.py" line="159"/>
        <source>The scanner adds {text!r} before each code.</source>
        <translation>扫描枪在每个条码前添加了 {text!r}。</translation>
    </message>
    <message>
        <location filename="../../ui/scanner_check.py" line="160"/>
        <source>The scanner adds {text!r} after each code.</source>
        <translation>扫描枪在每个条码后添加了 {text!r}。</translation>
    </message>
    <message>
        <location filename="../../ui/scanner_check.py" line="162"/>
        <source>The GS1 separator is lost: GS1 barcodes with lot or serial numbers will be read wrong. Set the scanner to send the separator as a stand-in such as ^] and enter that stand-in here.</source>
        <translation>GS1 分隔符丢失：含批号或序列号的 GS1 条码会读错。请把扫描枪设为用替代字符（如 ^]）发送分隔符，并在此填写该替代字符。</translation>
    </message>
    <message>
        <location filename="../../ui/scanner_check.py" line="167"/>
        <source>The scanner sends the GS1 separator as {text!r}; the station will read it so.</source>
        <translation>扫描枪用 {text!r} 代替 GS1 分隔符，工作站将按此识别。</translation>
    </message>
    <message>
        <location filename="../../ui/scanner_check.py" line="169"/>
        <source>Upper and lower case are swapped: Caps Lock is on.</source>
        <translation>大小写颠倒：大写锁定已打开。</translation>
    </message>
    <message>
        <location filename="../../ui/scanner_check.py" line="171"/>
        <source>The scanner types for a {layout} keyboard but the PC has another one ({chars} come out wrong). Set the scanner&apos;s keyboard country to the PC&apos;s.</source>
        <translation>扫描枪按{layout}键盘输出，但电脑使用的是其他键盘布局（{chars} 输出错误）。请把扫描枪的键盘国家设为与电脑一致。</translation>
    </message>
    <message>
        <location filename="../../ui/scanner_check.py" line="175"/>
        <source>Characters lost on the way: {count}. The PC is too slow for the scanner&apos;s typing speed. Slow the scanner down (inter-character delay).</source>
        <translation>传输中丢失了 {count} 个字符：电脑跟不上扫描枪的输入速度。请降低扫描枪速度（字符间延时）。</translation>
    </message>
    <message>
        <location filename="../../ui/scanner_check.py" line="179"/>
        <source>{received!r} is another barcode, not the test code: scan the code shown above.</source>
        <translation>{received!r} 是另一个条码，不是测试码：请扫描上方显示的条码。</translation>
    </message>
    <message>
        <location filename="../../ui/scanner_check.py" line="182"/>
        <source>The code arrived garbled ({differences}). Check the scanner&apos;s keyboard country and code page.</source>
        <translation>条码读取乱码（{differences}）。请检查扫描枪的键盘国家和代码页设置。</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="207"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="210"/>
        <source>Settings of this bench</source>
        <translation>本工作台设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="212"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="213"/>
        <source>Bench name</source>
        <translation>工作台名称</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="214"/>
        <source>Scanner</source>
        <translation>扫描枪</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="215"/>
        <source>Label printer</source>
        <translation>标签打印机</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="216"/>
        <source>Label printer resolution</source>
        <translation>标签打印机分辨率</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="217"/>
        <source>Standby label printer</source>
        <translation>备用标签打印机</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="218"/>
        <source>Standby printer resolution</source>
        <translation>备用打印机分辨率</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="219"/>
        <source>Document printer</source>
        <translation>单据打印机</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="220"/>
        <source>Scale</source>
        <translation>电子秤</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="221"/>
        <source>Scanner prefix</source>
        <translation>扫描枪前缀</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="222"/>
        <source>Scanner suffix</source>
        <translation>扫描枪后缀</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="223"/>
        <source>Scanner&apos;s stand-in for the GS1 separator</source>
        <translation>扫描枪的 GS1 分隔符替代字符</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="224"/>
        <source>Key chord the scanner types for the GS1 separator</source>
        <translation>扫描枪输入 GS1 分隔符所用的组合键</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="225"/>
        <source>Keys that end a scan</source>
        <translation>结束一次扫描的按键</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="226"/>
        <source>Caps Lock</source>
        <translation>大写锁定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="227"/>
        <source>Head office URL</source>
        <translation>总部服务器地址</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="228"/>
        <source>Sounds</source>
        <translation>声音</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="229"/>
        <source>Lock after idle (minutes)</source>
        <translation>无操作自动锁定（分钟）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="230"/>
        <source>Carrier cut-off</source>
        <translation>快递截单时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="231"/>
        <source>Carrier by shop, for imported orders (SHOP=CODE; …)</source>
        <translation>导入订单的店铺快递（店铺=快递代码；…）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="232"/>
        <source>Carrier of imported orders otherwise</source>
        <translation>导入订单的默认快递</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="233"/>
        <source>Pickup per carrier</source>
        <translation>各快递揽收时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="234"/>
        <source>GS1 company prefix (putaway plates as SSCC)</source>
        <translation>GS1 厂商识别代码（上架标签用 SSCC）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="235"/>
        <source>Putaway labels</source>
        <translation>上架标签</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="236"/>
        <source>Waybill size</source>
        <translation>面单尺寸</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="237"/>
        <source>Carriers whose labels print the recipient&apos;s phone in full</source>
        <translation>打印完整收件人电话的快递公司</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="238"/>
        <source>Batches</source>
        <translation>波次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="239"/>
        <source>Orders per batch, at most</source>
        <translation>每个波次最多订单数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="240"/>
        <source>Single-item orders</source>
        <translation>单品单件订单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="241"/>
        <source>Multi-item orders</source>
        <translation>多品订单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="242"/>
        <source>Carriers</source>
        <translation>快递公司</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="243"/>
        <source>Deadline window (minutes, 0: off)</source>
        <translation>截止时间窗口（分钟，0：不按截止分组）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="247"/>
        <source>Play a sound on every scan</source>
        <translation>每次扫描播放提示音</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="248"/>
        <source>Group new orders into batches after each import</source>
        <translation>每次导入后把新订单分入波次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="249"/>
        <source>Together, one batch per SKU</source>
        <translation>同一 SKU 合为一个波次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="250"/>
        <source>By the SKU they share</source>
        <translation>按共同的 SKU 分组</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="251"/>
        <source>One carrier per batch</source>
        <translation>每个波次只含一家快递</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="253"/>
        <source>The scanner presses Shift for capitals (off: it makes up for Caps Lock)</source>
        <translation>扫描枪用 Shift 输入大写字母（关闭：扫描枪自行补偿大写锁定）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="256"/>
        <source>one per carton or pallet, as received</source>
        <translation>每收一箱或一托打印一张</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="257"/>
        <source>all at once when the receipt closes</source>
        <translation>收货单关闭时全部打印</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="258"/>
        <source>not printed</source>
        <translation>不打印</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="263"/>
        <source>Enter or Tab</source>
        <translation>回车或 Tab</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="264"/>
        <source>Enter only</source>
        <translation>仅回车</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="265"/>
        <source>Tab only</source>
        <translation>仅 Tab</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="274"/>
        <source>{dpi} dpi</source>
        <translation>{dpi} dpi</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="276"/>
        <source>as the address says (dpi=…), else 203 dpi</source>
        <translation>按地址中的 dpi=…，未写则 203 dpi</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="278"/>
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="279"/>
        <source>Serial ports…</source>
        <translation>串口…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="280"/>
        <source>System printers…</source>
        <translation>系统打印机…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="283"/>
        <source>The printers installed in this computer&apos;s print system, with their drivers: choose one for the label, standby or document printer</source>
        <translation>本机打印系统中已安装（带驱动）的打印机：可选作标签打印机、备用标签打印机或文档打印机</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="287"/>
        <source>Print test label</source>
        <translation>打印测试标签</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="288"/>
        <source>Print component printers…</source>
        <translation>打印组件的打印机…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="291"/>
        <source>Ask the print component at the label printer&apos;s address (cainiao+ws://, pdd+ws://, douyin+ws://) which printers it can print to</source>
        <translation>询问标签打印机地址上的打印组件（cainiao+ws://、pdd+ws://、douyin+ws://）可以打印到哪些打印机</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="295"/>
        <source>Preview waybill…</source>
        <translation>预览面单…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="298"/>
        <source>The sample waybill at this bench&apos;s size, dot for dot at the label printer&apos;s resolution</source>
        <translation>按本工作台的面单尺寸显示示例面单，与标签打印机分辨率逐点一致</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="304"/>
        <source>Carrier codes, separated by commas. Every other carrier&apos;s waybills and packing lists show the phone masked (138****1234)</source>
        <translation>快递公司代码，以逗号分隔。其他快递公司的面单和发货清单上的电话均做脱敏处理（138****1234）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="308"/>
        <source>Read scale</source>
        <translation>读取电子秤</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="309"/>
        <source>Check scanner</source>
        <translation>检测扫描枪</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="337"/>
        <source>The demo head office, started for this session: its address is not saved</source>
        <translation>演示总部，仅为本次运行启动：其地址不会保存</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="426"/>
        <source>Change this bench&apos;s settings</source>
        <translation>修改本工作台设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="459"/>
        <source>No serial ports found</source>
        <translation>未找到串口</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="463"/>
        <source>Use for the scanner</source>
        <translation>用作扫描枪</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="466"/>
        <source>Use for the scale (MT-SICS)</source>
        <translation>用作电子秤（MT-SICS）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="469"/>
        <source>Use for the label printer (ZPL)</source>
        <translation>用作标签打印机（ZPL）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="479"/>
        <source>Label printer: ZPL passed to its queue</source>
        <translation>标签打印机：ZPL 原样送入其打印队列</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="480"/>
        <source>Label printer: TSPL passed to its queue</source>
        <translation>标签打印机：TSPL 原样送入其打印队列</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="481"/>
        <source>Label printer: drawn by its driver (images)</source>
        <translation>标签打印机：由其驱动绘制（图像）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="483"/>
        <source>Standby label printer: ZPL passed to its queue</source>
        <translation>备用标签打印机：ZPL 原样送入其打印队列</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="488"/>
        <source>Standby label printer: TSPL passed to its queue</source>
        <translation>备用标签打印机：TSPL 原样送入其打印队列</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="493"/>
        <source>Standby label printer: drawn by its driver (images)</source>
        <translation>备用标签打印机：由其驱动绘制（图像）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="497"/>
        <source>Document printer: drawn by its driver</source>
        <translation>文档打印机：由其驱动绘制</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="507"/>
        <source>No printers in this computer&apos;s print system</source>
        <translation>本机打印系统中没有打印机</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="511"/>
        <source>{name} (default)</source>
        <translation>{name}（默认）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="536"/>
        <source>Type a print component&apos;s address as the label printer first, e.g. cainiao+ws://127.0.0.1:13528, pdd+ws://127.0.0.1:5000 or douyin+ws://127.0.0.1:13888</source>
        <translation>请先把打印组件的地址填为标签打印机，例如 cainiao+ws://127.0.0.1:13528、pdd+ws://127.0.0.1:5000 或 douyin+ws://127.0.0.1:13888</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="544"/>
        <source>Asking the print component for its printers…</source>
        <translation>正在向打印组件查询打印机…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="556"/>
        <source>The print component lists no printers</source>
        <translation>打印组件没有列出任何打印机</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="560"/>
        <source>The print component can print to: {names}</source>
        <translation>打印组件可以打印到：{names}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="563"/>
        <source>{name}  (default)</source>
        <translation>{name}  （默认）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="567"/>
        <source>Use for the label printer</source>
        <translation>用作标签打印机</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="568"/>
        <source>Use for the standby label printer</source>
        <translation>用作备用标签打印机</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="579"/>
        <source>Print component: {error}</source>
        <translation>打印组件：{error}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="607"/>
        <source>Test label sent: see the print jobs on Waybills (F3)</source>
        <translation>测试标签已发送：请在打单页面（F3）查看打印任务</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="613"/>
        <source>No scale is set up</source>
        <translation>未设置电子秤</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="616"/>
        <source>Reading the scale…</source>
        <translation>正在读取电子秤…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="634"/>
        <source>Scale: {grams} g ({state})</source>
        <translation>电子秤：{grams} 克（{state}）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="636"/>
        <source>stable</source>
        <translation>稳定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="636"/>
        <source>moving</source>
        <translation>未稳定</translation>
    </message>
</context>
<context>
    <name>SimScannerPanel</name>
    <message>
        <location filename="../../ui/sim_scanner.py" line="59"/>
        <source>Demo scanner: click a code, or type one and press Enter</source>
        <translation>演示扫描枪：点击条码，或输入条码后按回车</translation>
    </message>
    <message>
        <location filename="../../ui/sim_scanner.py" line="60"/>
        <source>Demo scale:</source>
        <translation>演示电子秤：</translation>
    </message>
    <message>
        <location filename="../../ui/sim_scanner.py" line="61"/>
        <source>auto (expected weight)</source>
        <translation>自动（应重）</translation>
    </message>
    <message>
        <location filename="../../ui/sim_scanner.py" line="62"/>
        <source>Barcode</source>
        <translation>条码</translation>
    </message>
    <message>
        <location filename="../../ui/sim_scanner.py" line="63"/>
        <source>Scan</source>
        <translation>扫描</translation>
    </message>
</context>
<context>
    <name>StationStatusBar</name>
    <message>
        <location filename="../../ui/status_bar.py" line="119"/>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="120"/>
        <source>DISCONNECTED</source>
        <translation>已断开</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="112"/>
        <location filename="../../ui/status_bar.py" line="121"/>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="150"/>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="107"/>
        <location filename="../../ui/status_bar.py" line="130"/>
        <source>OFFLINE</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="106"/>
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="108"/>
        <source>SENDS GARBAGE</source>
        <translation>数据乱码</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="109"/>
        <source>WRONG UNIT</source>
        <translation>单位错误</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="110"/>
        <source>not settled</source>
        <translation>未稳定</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="111"/>
        <source>overload or busy</source>
        <translation>超载或忙</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="131"/>
        <source>NOT ANSWERING</source>
        <translation>无应答</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="132"/>
        <source>answer cut off</source>
        <translation>应答不完整</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="133"/>
        <source>answer unreadable</source>
        <translation>应答无法识别</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="134"/>
        <source>paper out</source>
        <translation>缺纸</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="135"/>
        <source>ribbon out</source>
        <translation>缺碳带</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="136"/>
        <source>head open</source>
        <translation>打印头打开</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="137"/>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="138"/>
        <source>buffer full</source>
        <translation>缓冲区满</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="139"/>
        <source>paper jam</source>
        <translation>卡纸</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="140"/>
        <source>cover open</source>
        <translation>机盖打开</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="141"/>
        <source>head too hot</source>
        <translation>打印头过热</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="142"/>
        <source>head too cold</source>
        <translation>打印头温度过低</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="143"/>
        <source>settings lost (corrupt RAM)</source>
        <translation>设置丢失（内存损坏）</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="144"/>
        <source>in communications diagnostic mode</source>
        <translation>处于通讯诊断模式</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="145"/>
        <source>printer error</source>
        <translation>打印机故障</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="146"/>
        <source>printing</source>
        <translation>打印中</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="147"/>
        <source>label waiting to be taken</source>
        <translation>标签待取走</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="148"/>
        <source>receiving a label</source>
        <translation>正在接收标签</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="157"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="159"/>
        <source>Operator: {name}</source>
        <translation>操作员：{name}</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="161"/>
        <source>Not logged in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="163"/>
        <source>Bench: {name}</source>
        <translation>工作台：{name}</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="165"/>
        <source>Scanner: {uri}</source>
        <translation>扫描枪：{uri}</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="168"/>
        <source>Printer: {uri}</source>
        <translation>打印机：{uri}</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="176"/>
        <source>Scale: {uri}</source>
        <translation>电子秤：{uri}</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="180"/>
        <source>Head office: {url}</source>
        <translation>总部：{url}</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="178"/>
        <source>Head office: offline (not configured)</source>
        <translation>总部：离线（未配置）</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="182"/>
        <source>Head office: online</source>
        <translation>总部：在线</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="185"/>
        <source>Head office refused this bench&apos;s token</source>
        <translation>总部拒绝了本工位的令牌</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="187"/>
        <source>Head office: OFFLINE, records kept</source>
        <translation>总部：离线，记录已保存</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="192"/>
        <source>TLS CERTIFICATES NOT CHECKED</source>
        <translation>未校验 TLS 证书</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="196"/>
        <source>To send: {n}</source>
        <translation>待上传：{n}</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="67"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="70"/>
        <source>Head office</source>
        <translation>总部</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="71"/>
        <source>Send now</source>
        <translation>立即上传</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="72"/>
        <source>Send refused records again…</source>
        <translation>重新上传被拒记录…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="82"/>
        <source>Server: {url}</source>
        <translation>服务器：{url}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="85"/>
        <source>No head office configured: records wait safely on this bench.</source>
        <translation>未配置总部服务器：记录安全保存在本工作台。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="91"/>
        <source>Offline: not set up (URL and bench token)</source>
        <translation>离线：未设置（服务器地址和工作台令牌）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="93"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="97"/>
        <source>Head office refused this bench&apos;s token: nothing is sent, the records wait here and go once the token is right</source>
        <translation>总部拒绝了本工位的令牌：暂不上传，记录保留在本机，令牌改正后自动发送</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="103"/>
        <source>Online · last sent {when}</source>
        <translation>在线 · 最近上传 {when}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="107"/>
        <source>Offline · trying again in {s:.0f} s</source>
        <translation>离线 · {s:.0f} 秒后重试</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="111"/>
        <source>Last error: {error}</source>
        <translation>最近错误：{error}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="115"/>
        <source>Conflict with head office: {what}</source>
        <translation>与总部冲突：{what}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="120"/>
        <source>Records to send: {n}</source>
        <translation>{n} 条记录待上传</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="131"/>
        <source>Records refused by head office, waiting for a supervisor: {n}</source>
        <translation>{n} 条记录被总部拒绝，等待主管处理</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="140"/>
        <source>Shipment reports refused by the platform: {n}</source>
        <translation>被平台拒绝的发货回传：{n}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="142"/>
        <location filename="../../ui/pages/sync_page.py" line="162"/>
        <source>{order} · {tracking}: {reason}</source>
        <translation>{order} · {tracking}：{reason}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="156"/>
        <source>Shipment reports head office did not pass to the platform: {n} (report these orders shipped at the platform, or send them again once head office holds the shop&apos;s authorisation)</source>
        <translation>总部未转发给平台的发货回传：{n}（请到平台后台为这些订单手工发货，或在总部获得该店铺授权后重新上传）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="178"/>
        <source>the shop has no platform authorisation at head office</source>
        <translation>总部没有该店铺的平台授权</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="223"/>
        <source>Records to be sent again: {n}</source>
        <translation>{n} 条记录将重新上传</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="124"/>
        <source>Oldest from {when} ({minutes} min ago)</source>
        <translation>最早一条为 {when}（{minutes} 分钟前）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="188"/>
        <source>master data: {error}</source>
        <translation>主数据：{error}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="217"/>
        <source>Send the refused records to head office again?</source>
        <translation>重新把被拒记录上传到总部？</translation>
    </message>
</context>
<context>
    <name>Tile</name>
    <message>
        <location filename="../../ui/board/tiles.py" line="83"/>
        <source>{n:g}/h last 15 min</source>
        <translation>近15分钟 {n:g}/小时</translation>
    </message>
    <message>
        <location filename="../../ui/board/tiles.py" line="85"/>
        <source>{n:g}/h last hour</source>
        <translation>近1小时 {n:g}/小时</translation>
    </message>
</context>
<context>
    <name>WaybillPreview</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="671"/>
        <source>Waybill preview</source>
        <translation>面单预览</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="675"/>
        <source>{w} × {h} mm at {dpi} dpi, as the label printer prints it</source>
        <translation>{w} × {h} 毫米，{dpi} dpi，与标签打印机打印效果一致</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="691"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>WaybillsPage</name>
    <message>
        <location filename="../../ui/pages/waybills_page.py" line="75"/>
        <source>Waybills</source>
        <translation>打单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/waybills_page.py" line="78"/>
        <source>Orders by dispatch deadline</source>
        <translation>按发货期限排序的订单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/waybills_page.py" line="82"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/waybills_page.py" line="83"/>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <location filename="../../ui/pages/waybills_page.py" line="84"/>
        <source>Carrier</source>
        <translation>快递公司</translation>
    </message>
    <message>
        <location filename="../../ui/pages/waybills_page.py" line="85"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/waybills_page.py" line="86"/>
        <source>Due</source>
        <translation>发货期限</translation>
    </message>
    <message>
        <location filename="../../ui/pages/waybills_page.py" line="87"/>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/waybills_page.py" line="88"/>
        <source>Penalty at risk</source>
        <translation>可能赔付</translation>
    </message>
    <message>
        <location filename="../../ui/pages/waybills_page.py" line="207"/>
        <source>{name}: new orders {orders}, already here {already}, updated {updated}, cancelled {cancelled}, packed and changed at the platform {conflicts}</source>
        <translation>{name}：新订单 {orders}，已存在 {already}，已更新 {updated}，已取消 {cancelled}，已打包但平台有改动 {conflicts}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/waybills_page.py" line="218"/>
        <source>a supervisor decides: {orders}</source>
        <translation>需主管处理：{orders}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/waybills_page.py" line="167"/>
        <source>Importing {name}…</source>
        <translation>正在导入 {name}…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/waybills_page.py" line="79"/>
        <source>Import orders… (I)</source>
        <translation>导入订单… (I)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/waybills_page.py" line="223"/>
        <source>; recipient masked by the platform (e-waybill only): {n} ({first})</source>
        <translation>；收件人已被平台脱敏（仅可用电子面单发货）：{n} 单（{first}）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/waybills_page.py" line="229"/>
        <source>{name}: nothing imported; rows refused: {n} ({first})</source>
        <translation>{name}：未导入任何内容；被拒绝的行：{n}（{first}）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/waybills_page.py" line="239"/>
        <source>items file {where}</source>
        <translation>商品文件 {where}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/waybills_page.py" line="245"/>
        <source>row {line}, column {column}: {reason}</source>
        <translation>第 {line} 行，“{column}”列：{reason}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/waybills_page.py" line="248"/>
        <source>row {line}: {reason}</source>
        <translation>第 {line} 行：{reason}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/waybills_page.py" line="253"/>
        <source>Import refused</source>
        <translation>导入被拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/pages/waybills_page.py" line="256"/>
        <source>… and {n} more</source>
        <translation>……另有 {n} 处</translation>
    </message>
    <message>
        <location filename="../../ui/pages/waybills_page.py" line="266"/>
        <source>Import failed: {error}</source>
        <translation>导入失败：{error}</translation>
    </message>
</context>
</TS>
