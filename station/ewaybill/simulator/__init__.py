"""A platform simulator for demo mode and tests: Cainiao (TOP gateway), Pinduoduo
and Douyin e-waybill APIs on one HTTP server on 127.0.0.1.

    sim = PlatformSimulator().start()
    sim.add_app("cainiao", "app-key", "app-secret")
    sim.add_shop("cainiao", "session-token", {"YTO": 100})
    ... CainiaoProvider(PlatformSettings(sim.url + "/router/rest", ...))
    sim.stop()

Paths: ``POST /router/rest`` (TOP, form), ``POST /api/router`` (Pinduoduo, form),
``POST /logistics/<name>`` (Douyin, common parameters in the query, param_json as
the body). Each request's signature, timestamp (10 minutes either way), app key and
shop token are checked, then the API's required fields; refusals use each
platform's error shape (docs/ewaybill.md lists which codes are confirmed and which
are this simulator's own). It issues unique numbers in the carrier's format, routing
data and opaque print data (a keyed stream over the label data, base64, with a
signature); keeps balance per shop and carrier (minus one a number, plus one a
cancel, a second cancel answers "already cancelled" and changes nothing); gives the
same number again for the same order and package id; and keeps every request in
``requests`` for tests to inspect.

Faults, consumed one a request from ``faults``: ``slow:SECONDS`` (answer late),
``down`` (close the connection without an answer), ``http:NNN`` (that status, no
body), ``ratelimit`` (the platform's rate-limit refusal). ``unreachable_districts``:
recipient districts the carriers refuse.

Shipment reports (发货回传): ``taobao.logistics.online.send``,
``alibaba.ascp.logistics.offline.send``, ``pdd.logistics.online.send``,
``order.logisticsAdd``, checked like the other methods; see
``PlatformSimulator.ship`` for the order states.

Modules: :mod:`.server` (the HTTP server and shared state), :mod:`.core` (records,
field checks, the gateways' envelopes), one per platform's dialect
(:mod:`.cainiao`, :mod:`.pdd`, :mod:`.douyin`).
"""

from station.ewaybill.simulator.core import (
    CHINA,
    NUMBER_FORMATS,
    SKEW,
    IssuedWaybill,
    Shop,
    SimRequest,
)
from station.ewaybill.simulator.server import PlatformSimulator

__all__ = [
    "CHINA",
    "NUMBER_FORMATS",
    "SKEW",
    "IssuedWaybill",
    "PlatformSimulator",
    "Shop",
    "SimRequest",
]
