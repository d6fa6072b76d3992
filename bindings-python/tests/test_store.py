"""The program store from Python: one code per partner per coupon, across
generators and processes, and coded errors for bad stores."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

import promocode
from promocode import Format, Generator, PromocodeError, Store

FMT = Format(name=True, discount=20)


def test_a_store_reused_by_two_generators_gives_a_partner_one_code() -> None:
    store = Store("memory:", program="acme")
    first = Generator(FMT, store=store, coupon="summer")
    second = Generator(FMT, store=store, coupon="summer")
    assert first.generate({"id": "p1", "name": "John"}) == "JOHN20"
    assert second.generate({"id": "p1", "name": "John"}) == "JOHN20"
    assert second.generate_all([{"id": "p2", "name": "John"}, {"id": "p1", "name": "John"}]) == ["JOHN20-2", "JOHN20"]
    assert store.code_of("p1", coupon="summer") == "JOHN20"
    assert store.code_of("p1") is None  # the default coupon has none yet
    assert len(store) == 2
    assert store.contains("jöhn20-2")
    assert store.program == "acme"


def test_codes_are_unique_across_coupons_of_a_program() -> None:
    store = Store("memory:")
    assert Generator(FMT, store=store).generate({"id": "p1", "name": "Ann"}) == "ANN20"
    assert Generator(FMT, store=store, coupon="winter").generate({"id": "p1", "name": "Ann"}) == "ANN20-2"
    assert store.code_of("p1") == "ANN20"
    assert store.code_of("p1", "winter") == "ANN20-2"


def test_add_existing_and_release_count_and_steer_generation() -> None:
    store = Store("memory:")
    assert store.add_existing(["JOHN20", "john20", "ANN20"]) == 2
    assert store.add_existing(iter(["ANN20"])) == 0
    gen = Generator(FMT, store=store, existing=["BOB20"])
    assert store.contains("BOB20")
    assert gen.generate({"id": "p1", "name": "John"}) == "JOHN20-2"
    assert store.release(["ann20", "NOBODY"]) == 1
    assert not store.contains("ANN20")
    assert len(store) == 3


def test_store_given_as_an_address_opens_it(tmp_path) -> None:
    path = tmp_path / "codes.db"
    gen = Generator(FMT, store=f"sqlite:{path}", coupon="summer")
    assert gen.generate({"id": "p1", "name": "Zoë"}) == "ZOE20"
    assert Store(f"sqlite:{path}").code_of("p1", "summer") == "ZOE20"


def test_sqlite_store_reopened_in_another_process_gives_the_same_code(tmp_path) -> None:
    uri = f"sqlite:{tmp_path / 'codes.db'}"
    code = Generator(FMT, store=Store(uri)).generate({"id": "42", "name": "Marie"})
    assert code == "MARIE20"
    script = (
        "import sys, promocode\n"
        "fmt = promocode.Format(name=True, discount=20)\n"
        "gen = promocode.Generator(fmt, store=sys.argv[1])\n"
        "print(gen.generate({'id': '42', 'name': 'Marie'}), gen.generate({'id': '43', 'name': 'Marie'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", script, uri], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["MARIE20", "MARIE20-2"]
    assert Store(uri).code_of("43") == "MARIE20-2"


def test_threads_share_a_sqlite_store_without_duplicates(tmp_path) -> None:
    store = Store(f"sqlite:{tmp_path / 'codes.db'}")
    results: list[list[str]] = []

    def work() -> None:
        gen = Generator(FMT, store=store)
        results.append(gen.generate_all([{"id": str(i), "name": "Kim"} for i in range(50)]))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4 and all(r == results[0] for r in results)
    assert len(set(results[0])) == 50 and len(store) == 50


@pytest.mark.parametrize(
    "uri, code",
    [
        ("redis://localhost", "invalid_store"),
        ("sqlite:", "invalid_store"),
        ("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", "store_unavailable"),
    ],
)
def test_bad_store_addresses_raise_coded_errors(uri: str, code: str) -> None:
    with pytest.raises(PromocodeError) as err:
        Store(uri)
    assert err.value.code == code
    assert code in promocode.ERROR_CODES


def test_a_file_that_is_not_a_store(tmp_path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"just some notes, not a database" * 100)
    with pytest.raises(PromocodeError) as err:
        Store(f"sqlite:{path}")
    assert err.value.code == "not_a_store"
    with pytest.raises(PromocodeError) as err:
        Generator(FMT, store=f"sqlite:{path}")
    assert err.value.code == "not_a_store"


def test_bad_arguments_are_coded() -> None:
    store = Store("memory:")
    with pytest.raises(PromocodeError) as err:
        Generator(FMT, coupon="summer")
    assert err.value.code == "invalid_value"
    with pytest.raises(PromocodeError) as err:
        Generator(FMT, store=42)
    assert err.value.code == "invalid_type"
    with pytest.raises(PromocodeError) as err:
        Store("memory:", program="")
    assert err.value.code in promocode.ERROR_CODES
    with pytest.raises(PromocodeError) as err:
        store.code_of(7)
    assert err.value.code == "invalid_type"
    with pytest.raises(PromocodeError) as err:
        store.add_existing([1, 2])
    assert err.value.code == "invalid_type"


def test_assign_claims_a_chosen_code_in_a_sqlite_store_and_replace_releases_the_old_one(tmp_path) -> None:
    uri = f"sqlite:{tmp_path / 'codes.db'}"
    woo = Format(name=True, discount=20, platform="woocommerce")
    gen = Generator(woo, store=uri, coupon="summer")
    assert gen.assign({"id": "p1"}, "JOHN20") == {"code": "john20", "reused": False, "replaced": None, "warnings": []}
    other = Generator(woo, store=Store(uri), coupon="summer")  # another handle, as another process would have
    with pytest.raises(PromocodeError) as taken:
        other.assign({"id": "p2"}, "Jöhn20")
    assert taken.value.code == "code_taken"  # ignoring case and accents
    with pytest.raises(PromocodeError) as has:
        gen.assign({"id": "p1"}, "ANN20")
    assert has.value.code == "partner_has_code" and has.value.details["held"] == "john20"
    assert gen.assign({"id": "p1"}, "ANN20", replace=True)["replaced"] == "john20"
    assert other.generate({"id": "p3", "name": "John"}) == "john20"  # released: free again
    with pytest.raises(PromocodeError) as bad:
        gen.assign({"id": "p4"}, " <b>x</b> ")
    assert bad.value.code == "invalid_code" and len(bad.value.details["issues"]) >= 2
    with pytest.raises(PromocodeError) as no_id:
        gen.assign({"name": "Ann"}, "ANNA20")
    assert no_id.value.code == "partner_id_required"


def test_store_lookup_finds_codes_another_process_issued(tmp_path) -> None:
    uri = f"sqlite:{tmp_path / 'codes.db'}"
    script = (
        "import sys, promocode\n"
        "gen = promocode.Generator(promocode.Format(name=True, discount=20), store=sys.argv[1])\n"
        "print(gen.generate({'id': '1', 'name': 'John'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", script, uri], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["JOHN20"]
    store = Store(uri)
    store.add_existing(["spring-sale"])
    exact = store.lookup("john20")
    assert (exact.kind, exact.code, exact.rule, exact.suggestions) == ("exact", "JOHN20", None, [])
    heard = store.lookup("John twenty")
    assert (heard.kind, heard.code, heard.rule) == ("normalized", "JOHN20", "number_words")
    typo = store.lookup("JON20")
    assert typo.kind == "suggest" and [s.code for s in typo.suggestions] == ["JOHN20"]
    assert store.lookup("SPRING-SALE").code == "spring-sale"  # the stored form
    assert [s.code for s in store.suggest("JHON20", 1)] == ["JOHN20"]
    # A generator bound to the store (not the one that issued the code) asks it too.
    assert Generator(FMT, store=store).lookup("jon20").suggestions[0].code == "JOHN20"
    with pytest.raises(PromocodeError) as err:
        store.lookup(20)  # type: ignore[arg-type]
    assert err.value.code == "invalid_type"
