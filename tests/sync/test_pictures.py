"""Product pictures from the reference head office into the picture cache: fetched,
checked, kept atomically and bounded; every kind of bad answer logged, none raised."""

import io
import logging
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image

from station.db.models import Product
from station.headoffice.server import HeadOfficeServer
from station.headoffice.store import HeadOfficeStore
from station.services.pictures import PictureCache, PictureRefused, picture_key
from station.sync.client import BadAnswer, HeadOfficeClient
from station.sync.downloader import Downloader, picture_references
from station.sync.pictures import PictureFetcher


def picture(width, height, colour=(200, 30, 30), fmt="PNG", mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), colour).save(out, fmt)
    return out.getvalue()


def noisy_jpeg(width, height) -> bytes:
    """A photo-like JPEG that does not compress: random pixels."""
    out = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(
        out, "JPEG", quality=95
    )
    return out.getvalue()


@pytest.fixture
def media(tmp_path):
    folder = tmp_path / "media"
    (folder / "products").mkdir(parents=True)
    (tmp_path / "secret.png").write_bytes(picture(10, 10))  # outside the media folder
    return folder


@pytest.fixture
def office(tmp_path, demo_services, media):
    store = HeadOfficeStore(f"sqlite:///{tmp_path}/ho.sqlite3")
    store.add_bench(demo_services.bench_id, "tok")
    server = HeadOfficeServer(store, media=media).start()
    client = HeadOfficeClient(server.url, "tok", timeout=5)
    cache = PictureCache(tmp_path / "pictures")
    fetcher = PictureFetcher(cache, client.http, max_bytes=2_000_000)
    down = Downloader(demo_services.store.db, demo_services.bench_id, client, fetcher)
    yield server, down, cache
    fetcher.close()
    client.close()
    if server.socket.fileno() != -1:
        server.stop()
    store.close()


def publish_picture(server, sku, image):
    server.store.publish("product", sku, {"sku": sku, "image": image})


def test_pictures_come_down_scaled_and_show_offline(office, media):
    server, down, cache = office
    (media / "products" / "cup.jpg").write_bytes(picture(1600, 1200, fmt="JPEG"))
    (media / "products" / "mat.png").write_bytes(
        picture(300, 500, mode="RGBA", colour=(0, 0, 255, 128))
    )
    publish_picture(server, "CUP-350", "products/cup.jpg")
    publish_picture(server, "MAT-240", f"{server.url}/v1/media/products/mat.png")  # a full URL

    result = down.pull()

    assert Product.get(Product.sku == "CUP-350").image == "products/cup.jpg"
    assert sorted(result.pictures.fetched) == sorted(
        ["products/cup.jpg", f"{server.url}/v1/media/products/mat.png"]
    )
    cup = cache.path_for("products/cup.jpg")
    with Image.open(cup) as im:  # a photo: JPEG, longer side scaled to the cache's size
        assert (im.format, im.size) == ("JPEG", (384, 288))
    with Image.open(cache.path_for(f"{server.url}/v1/media/products/mat.png")) as im:
        assert (im.format, im.mode, im.size) == ("PNG", "RGBA", (230, 384))  # transparency kept
    assert not list(cache.folder.glob(".*"))  # no temporary file left behind

    server.stop()  # offline: the pictures stay, and nothing is fetched again
    again = down.pull.__self__.pictures.fetch(picture_references())
    assert again.fetched == [] and again.failed == {}
    assert cache.path_for("products/cup.jpg") == cup and cup.stat().st_size > 0


@pytest.mark.parametrize(
    ("name", "body", "why"),
    [
        ("missing.png", None, "HTTP 404"),
        ("text.png", lambda: b"<html>not found</html>", "not a picture"),
        ("truncated.png", lambda: picture(400, 400, fmt="PNG")[:300], "damaged"),
        ("cut.jpg", lambda: noisy_jpeg(300, 300)[:3000], "damaged"),
        ("garbage.jpg", lambda: b"\xff\xd8\xff\xe0" + bytes(range(256)) * 20, "not a picture"),
        ("bomb.png", lambda: picture(9000, 9000, mode="1", colour=1), "too large a picture"),
        (
            "bigger-bomb.png",
            lambda: picture(12000, 12000, mode="1", colour=1),
            "too large a picture",
        ),
        (
            "biggest-bomb.png",
            lambda: picture(20000, 20000, mode="1", colour=1),
            "too large a picture",
        ),
        ("huge.jpg", lambda: noisy_jpeg(2000, 1500), "larger than 2000000"),
        ("empty.png", lambda: b"", "empty"),
    ],
)
def test_a_bad_picture_is_logged_and_the_rest_arrives(office, media, caplog, name, body, why):
    server, down, cache = office
    if body is not None:
        (media / "products" / name).write_bytes(body())
    (media / "products" / "good.png").write_bytes(picture(64, 64))
    publish_picture(server, "CUP-350", f"products/{name}")
    publish_picture(server, "TOWEL-M", "products/good.png")

    with caplog.at_level(logging.WARNING):
        result = down.pull()

    assert result.applied == 2  # master data is applied whatever the pictures do
    assert result.pictures.fetched == ["products/good.png"]
    assert why in result.pictures.failed[f"products/{name}"]
    assert not cache.has(f"products/{name}") and cache.has("products/good.png")
    assert any("CUP-350" in r.getMessage() and why in r.getMessage() for r in caplog.records)
    assert not list(cache.folder.glob(".*"))


def test_a_failed_picture_is_tried_again_later_not_every_round(office, media, caplog):
    server, down, cache = office
    now = [1000.0]
    down.pictures.clock = lambda: now[0]
    down.pictures.retry_after = 600
    publish_picture(server, "CUP-350", "products/late.png")

    def warnings_about_late():
        return [
            r
            for r in caplog.records
            if r.levelno >= logging.WARNING and "late.png" in r.getMessage()
        ]

    assert "products/late.png" in down.pull().pictures.failed
    assert len(warnings_about_late()) == 1
    now[0] += 60
    assert down.pull().pictures.failed == {}  # not asked again yet
    now[0] += 600
    assert "products/late.png" in down.pull().pictures.failed
    assert len(warnings_about_late()) == 1  # the same failure again is not a new warning
    (media / "products" / "late.png").write_bytes(picture(50, 50))
    now[0] += 60
    assert down.pull().pictures.failed == {} and not cache.has("products/late.png")
    now[0] += 600
    assert down.pull().pictures.fetched == ["products/late.png"]


@pytest.mark.parametrize(
    "ref",
    [
        "../secret.png",
        "products/../../secret.png",
        "/etc/passwd",
        "file:///etc/passwd",
        "ftp://x/y.png",
        "products//a.png",
    ],
)
def test_references_outside_the_media_are_not_fetched(office, ref):
    server, down, cache = office
    publish_picture(server, "CUP-350", ref)
    result = down.pull()
    assert ref in result.pictures.failed
    assert not cache.has(ref)


def test_the_media_endpoint_serves_nothing_outside_its_folder(office):
    server, down, _ = office
    http = down.client.http
    assert http.get("/v1/media/%2E%2E/secret.png").status_code == 404
    assert http.get("/v1/media/../secret.png").status_code == 404
    anonymous = HeadOfficeClient(server.url, "wrong-token")
    try:
        assert anonymous.http.get("/v1/media/products/x.png").status_code == 401
    finally:
        anonymous.close()


class _OtherHost(BaseHTTPRequestHandler):
    seen: list = []

    def do_GET(self):
        type(self).seen.append(self.headers.get("Authorization"))
        body = picture(40, 40, (0, 160, 0))
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_picture_on_another_host_is_fetched_without_the_bench_token(office):
    server, down, cache = office
    other = ThreadingHTTPServer(("127.0.0.1", 0), _OtherHost)
    thread = threading.Thread(target=other.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{other.server_address[1]}/shop/cup.png"
        _OtherHost.seen = []
        publish_picture(server, "CUP-350", url)
        assert down.pull().pictures.fetched == [url]
        assert _OtherHost.seen == [None]
    finally:
        other.shutdown()
        other.server_close()
        thread.join(5)


class _Redirecting(BaseHTTPRequestHandler):
    """A head office whose media lives on another host: it answers with a redirect."""

    target = ""

    def do_GET(self):
        self.send_response(302)
        self.send_header("Location", type(self).target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_redirect_off_head_office_drops_the_token(tmp_path):
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), h) for h in (_Redirecting, _OtherHost)]
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for t in threads:
        t.start()
    _OtherHost.seen = []
    _Redirecting.target = f"http://127.0.0.1:{servers[1].server_address[1]}/cdn/cup.png"
    client = HeadOfficeClient(f"http://127.0.0.1:{servers[0].server_address[1]}", "tok")
    fetcher = PictureFetcher(PictureCache(tmp_path / "p"), client.http)
    try:
        assert fetcher.fetch({"CUP-350": "products/cup.png"}).fetched == ["products/cup.png"]
        assert _OtherHost.seen == [None]
    finally:
        fetcher.close()
        client.close()
        for srv, t in zip(servers, threads, strict=True):
            srv.shutdown()
            srv.server_close()
            t.join(5)


def test_image_field_is_checked_and_can_be_cleared(office, media):
    server, down, _ = office
    publish_picture(server, "CUP-350", {"url": "x"})
    with pytest.raises(BadAnswer):
        down.pull()
    server.store.db.execute_sql("DELETE FROM master_change")
    publish_picture(server, "CUP-350", None)
    down.pull()
    assert Product.get(Product.sku == "CUP-350").image is None
    publish_picture(server, "TOWEL-M", "  ")
    down.pull()
    assert Product.get(Product.sku == "TOWEL-M").image is None


def test_the_cache_stays_under_its_limit_unused_pictures_first(tmp_path):
    cache = PictureCache(tmp_path / "pics")
    refs = [f"products/{n}.jpg" for n in range(8)]
    for n, ref in enumerate(refs):
        cache.store(ref, noisy_jpeg(200, 200))
        os.utime(cache.path_for(ref), (1000 + n, 1000 + n))  # ref 0 is the oldest
    biggest = max(cache.path_for(r).stat().st_size for r in refs)
    cache.limit_bytes = 5 * biggest  # room for five of the eight
    in_use = refs[:3]  # the oldest three are still on products
    assert cache.trim(in_use) == 3
    assert cache.size_bytes() <= cache.limit_bytes
    assert all(cache.has(r) for r in in_use)
    assert [cache.has(r) for r in refs[3:]] == [False, False, False, True, True]


def test_a_failed_write_leaves_the_old_picture_whole(tmp_path, monkeypatch):
    cache = PictureCache(tmp_path / "pics")
    path = cache.store("products/a.png", picture(30, 30, mode="RGBA", colour=(1, 2, 3, 4)))
    before = path.read_bytes()

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        cache.store("products/a.png", picture(60, 60, mode="RGBA"))
    assert path.read_bytes() == before
    assert [p.name for p in cache.folder.iterdir()] == [path.name]


def test_keys_and_refusals(tmp_path):
    assert picture_key("products/a.png") == picture_key("  products/a.png ")
    assert picture_key("products/a.png") != picture_key("products/b.png")
    cache = PictureCache(tmp_path / "p")
    for bad in (b"GIF89a", b"%PDF-1.4\n", picture(10, 10, fmt="TIFF")):
        with pytest.raises(PictureRefused):
            cache.store("x", bad)
    assert cache.path_for(None) is None and cache.path_for("  ") is None


def test_every_demo_product_has_its_picture_served_and_cached(demo_services):
    """The demo: each product's picture is in the cache from the start, and the demo head
    office serves the same file under /v1/media/ (so a sync fetches it too)."""
    from station.app import start_demo_head_office
    from station.cli_sync import read_token
    from station.resources import read_json

    products = read_json("demo", "products.json")
    assert all(p.get("image") for p in products)
    assert all(demo_services.pictures.has(p["image"]) for p in products)
    server = start_demo_head_office(demo_services.data_dir, demo_services.bench_id)
    client = HeadOfficeClient(server.url, read_token(demo_services.data_dir))
    try:
        for p in products:
            r = client.http.get(f"/v1/media/{p['image']}")
            assert r.status_code == 200 and r.headers["Content-Type"] == "image/png"
            with Image.open(io.BytesIO(r.content)) as im:
                assert im.size == (256, 256)
        fresh = PictureCache(demo_services.data_dir.root / "fresh")
        fetcher = PictureFetcher(fresh, client.http)
        assert len(fetcher.fetch({p["sku"]: p["image"] for p in products}).fetched) == 12
    finally:
        client.close()
        server.stop()
        server.store.close()


def test_station_sync_once_fetches_pictures_and_reports_them(tmp_path, media):
    """`station sync --once` in its own process, against `station head-office --media`."""
    import json
    import socket
    import subprocess
    import sys

    data = tmp_path / "bench"
    run = [sys.executable, "-m", "station"]
    assert (
        subprocess.run([*run, "demo", "--data-dir", str(data)], capture_output=True).returncode == 0
    )
    (media / "products" / "cup.jpg").write_bytes(picture(500, 500, fmt="JPEG"))
    ho_db = f"sqlite:///{tmp_path}/ho.sqlite3"
    store = HeadOfficeStore(ho_db)
    store.publish("product", "CUP-350", {"sku": "CUP-350", "image": "products/cup.jpg"})
    store.publish("product", "TOWEL-M", {"sku": "TOWEL-M", "image": "products/gone.png"})
    store.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    bench_id = json.loads((data / "settings.json").read_text())["bench"]["bench_id"]
    office = subprocess.Popen(
        [
            *run,
            "head-office",
            "--port",
            str(port),
            "--db",
            ho_db,
            "--media",
            str(media),
            "--bench",
            f"{bench_id}:tok",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert json.loads(office.stdout.readline())["head_office"].endswith(str(port))
        done = subprocess.run(
            [
                *run,
                "sync",
                "--once",
                "--data-dir",
                str(data),
                "--url",
                f"http://127.0.0.1:{port}",
                "--token",
                "tok",
            ],
            capture_output=True,
            text=True,
        )
    finally:
        office.terminate()
        office.wait(10)
        office.stdout.close()
    answer = json.loads(done.stdout)
    assert done.returncode == 0, done.stderr
    assert answer["pictures_fetched"] == 1
    assert answer["pictures_failed"] == {"products/gone.png": "HTTP 404"}
    assert PictureCache(data / "cache" / "pictures").has("products/cup.jpg")


@pytest.mark.parametrize(
    "ref",
    [
        "http://bad host/x.png",
        "http://[::1/x.png",
        "http://127.0.0.1:99999/x.png",
        "http://127.0.0.1:1/x.png",
        "https://exa\x00mple.com/a.png",
        "http:///x.png",
    ],
)
def test_a_malformed_or_dead_url_is_a_logged_failure(office, ref):
    server, down, cache = office
    publish_picture(server, "CUP-350", ref)
    result = down.pull()  # no exception, no ERROR log (the fixture fails on one)
    assert result.pictures.failed[ref] and not cache.has(ref)


def test_a_round_stops_starting_downloads_when_its_time_is_up(office, media):
    server, down, cache = office
    refs = {}
    for n in range(6):
        (media / "products" / f"{n}.png").write_bytes(picture(20, 20))
        refs[f"SKU-{n}"] = f"products/{n}.png"
    now = [0.0]

    def clock():  # every look at the clock: 25 s later, as with a slow picture server
        now[0] += 25
        return now[0]

    fetcher = down.pictures
    fetcher.clock, fetcher.budget_s = clock, 60
    first = fetcher.fetch(refs)
    assert 0 < len(first.fetched) < 6 and first.left == 6 - len(first.fetched)
    fetcher.budget_s = 1e9
    second = fetcher.fetch(refs)
    assert sorted(first.fetched + second.fetched) == sorted(refs.values())
    assert second.left == 0 and all(cache.has(r) for r in refs.values())


def test_the_demo_starts_when_its_pictures_cannot_be_kept(data_dir, caplog):
    from station.app import prepare_demo
    from station.config import load_settings

    data_dir.pictures.parent.mkdir(parents=True, exist_ok=True)
    data_dir.pictures.write_text("a file where the picture folder should be")
    with caplog.at_level(logging.WARNING):
        prepare_demo(data_dir, load_settings(data_dir.settings))
    assert data_dir.database.exists()
    assert sum("demo picture" in r.getMessage() for r in caplog.records) == 12
