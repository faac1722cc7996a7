"""scikit-learn's side of bench/ml.ts: MiniBatchKMeans.partial_fit and SGDRegressor.partial_fit
on the very batches the TypeScript side trains on (read from the files it wrote), one
partial_fit per batch, timed with perf_counter. Prints one JSON object.

Run by bench/ml.ts as: /usr/bin/python3 bench/ml_sklearn.py <dir>
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import MiniBatchKMeans
from sklearn.linear_model import SGDRegressor


def batches(path, n_batches, n, d):
    data = np.fromfile(path, dtype="<f8").reshape(n_batches, n, d)
    return [np.ascontiguousarray(b) for b in data]


def main():
    folder = sys.argv[1]
    with open(f"{folder}/meta.json") as f:
        meta = json.load(f)
    km, sgd = meta["kmeans"], meta["sgd"]

    xs = batches(f"{folder}/kmeans.f64", km["batches"], km["n"], km["dim"])
    model = MiniBatchKMeans(n_clusters=km["k"], batch_size=km["n"], n_init=1, random_state=0)
    km_times = []
    for x in xs:
        t0 = time.perf_counter()
        model.partial_fit(x)
        km_times.append((time.perf_counter() - t0) * 1000)
    # Mean squared distance to the nearest centre on the last batch (the TS side reports the same).
    km_cost = float(-model.score(xs[-1]) / km["n"])

    rows = batches(f"{folder}/sgd.f64", sgd["batches"], sgd["n"], sgd["dim"] + 1)
    reg = SGDRegressor(random_state=0, fit_intercept=False)
    sgd_times = []
    for r in rows:
        x, y = r[:, :-1], r[:, -1]
        t0 = time.perf_counter()
        reg.partial_fit(x, y)
        sgd_times.append((time.perf_counter() - t0) * 1000)
    x, y = rows[-1][:, :-1], rows[-1][:, -1]
    sgd_mse = float(np.mean((reg.predict(x) - y) ** 2))

    print(json.dumps({
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "kmeans_ms": km_times,
        "kmeans_cost": km_cost,
        "sgd_ms": sgd_times,
        "sgd_mse": sgd_mse,
    }))


if __name__ == "__main__":
    main()
