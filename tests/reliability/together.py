"""Work started in several threads at the same moment."""
import threading


def run_together(work, count: int) -> list:
    """``work(i)`` for each i below ``count``, in threads released at once; the results by i."""
    barrier, results = threading.Barrier(count), [None] * count

    def run(i: int) -> None:
        barrier.wait()
        results[i] = work(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
