"""One Generator shared by threads: no duplicates, nothing lost; the GIL is
released while the core works."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import List

import promocode


def test_shared_generator_issues_no_duplicates() -> None:
    gen = promocode.Generator(promocode.Format(random=5), existing=["AAAAA"])
    per_thread, threads = 2_000, 8

    def work(t: int) -> List[str]:
        out: List[str] = []
        for i in range(4):
            out += gen.generate_codes(per_thread // 8)
            out += gen.generate_all([{"name": f"t{t}-{i}-{j}"} for j in range(per_thread // 8)])
            out.append(gen.generate({}))
            gen.add_existing([f"EXTRA{t}{i}"])
            assert gen.contains(out[-1])
        return out

    with ThreadPoolExecutor(threads) as pool:
        results = [code for codes in pool.map(work, range(threads)) for code in codes]
    expected = threads * 4 * (2 * (per_thread // 8) + 1)
    assert len(results) == expected
    assert len({promocode.canonical_key(c) for c in results}) == expected
    assert len(gen) == expected + 1 + threads * 4


def test_shared_generator_with_partner_counters() -> None:
    gen = promocode.Generator(promocode.Format(name=True, discount=20))
    barrier = threading.Barrier(4)

    def work(_: int) -> List[str]:
        barrier.wait()
        return [gen.generate({"name": "Ann"}) for _ in range(250)]

    with ThreadPoolExecutor(4) as pool:
        codes = [c for chunk in pool.map(work, range(4)) for c in chunk]
    assert sorted(codes) == sorted(["ANN20"] + [f"ANN20-{n}" for n in range(2, 1001)])


def test_gil_is_released_during_batches() -> None:
    # While a big batch runs in a worker, this thread keeps running Python. If
    # the batch held the GIL, the longest gap between two iterations here would
    # be about as long as the whole batch.
    gen = promocode.Generator(promocode.Format(random=10), seed=1)
    started = time.perf_counter()
    worker = threading.Thread(target=gen.generate_codes, args=(600_000,))
    worker.start()
    gaps, last = [], time.perf_counter()
    while worker.is_alive():
        time.sleep(0.001)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    worker.join()
    elapsed = time.perf_counter() - started
    assert len(gen) == 600_000
    assert max(gaps) < max(0.5 * elapsed, 0.05), (max(gaps), elapsed)
