"""The numpy side of `npm run bench` (bench/run.ts): the same micro-benchmarks and the
same three models, in numpy, timed in this process.

    python3 bench/numpy_models.py INPUT.json OUTPUT.json

INPUT.json is written by bench/run.ts: the number of runs, the micro-benchmark shapes, and
for each model its options and the TypeScript-generated data (X, Y, and a test set where the
notebook has one), so both sides train on identical doubles. OUTPUT.json gets the BLAS this
numpy runs on, the best time of each micro-benchmark and each model, and each model's final
cost and accuracies.

The model code is a port of the course notebooks' utilities, kept to their operations:
init_utils (Initialization), reg_utils and the graded regularization functions
(Regularization), opt_utils_v1a and the graded optimization functions (Optimization, 2021).
Weights are drawn by numpy's own RandomState with the notebooks' seeds, which is the
generator lib/np/random.ts reproduces bit for bit.
"""

import json
import math
import os
import re
import sys
import time

import numpy as np


# ---------------------------------------------------------------- which BLAS


def blas_info():
    """The BLAS numpy runs on: threadpoolctl when installed; else the same probe by hand
    (dlopen the OpenBLAS that numpy loaded and ask it for its core name)."""
    info = {"numpy": np.__version__, "method": None, "libraries": []}
    try:
        import threadpoolctl  # noqa: PLC0415

        for lib in threadpoolctl.threadpool_info():
            if lib.get("user_api") == "blas":
                info["libraries"].append(
                    {
                        "internal_api": lib.get("internal_api"),
                        "version": lib.get("version"),
                        "architecture": lib.get("architecture"),
                        "threads": lib.get("num_threads"),
                        "path": lib.get("filepath"),
                    }
                )
        info["method"] = "threadpoolctl " + threadpoolctl.__version__
        return info
    except ImportError:
        pass
    import ctypes  # noqa: PLC0415

    paths = set()
    try:
        with open("/proc/self/maps", encoding="utf8") as maps:
            for line in maps:
                m = re.search(r"(/\S*openblas\S*\.so\S*)", line)
                if m:
                    paths.add(m.group(1))
    except OSError:
        pass
    for path in sorted(paths):
        lib = ctypes.CDLL(path)
        entry = {"internal_api": "openblas", "path": path}
        for prefix, suffix in (("scipy_openblas_", "64_"), ("scipy_openblas_", ""), ("openblas_", "64_"), ("openblas_", "")):
            name = prefix + "get_corename" + suffix
            if hasattr(lib, name):
                corename = getattr(lib, name)
                corename.restype = ctypes.c_char_p
                entry["architecture"] = corename().decode()
                config = getattr(lib, prefix + "get_config" + suffix)
                config.restype = ctypes.c_char_p
                cfg = config().decode()
                m = re.match(r"OpenBLAS (\S+)", cfg)
                entry["version"] = m.group(1) if m else cfg
                entry["threads"] = getattr(lib, prefix + "get_num_threads" + suffix)()
                break
        info["libraries"].append(entry)
    if info["libraries"]:
        info["method"] = "ctypes probe of the loaded OpenBLAS (threadpoolctl not installed)"
    else:
        # Last resort: what numpy was built against (not which kernel runs).
        try:
            blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
            info["libraries"].append({"internal_api": blas.get("name"), "version": blas.get("version"), "architecture": None})
        except Exception:  # noqa: BLE001
            pass
        info["method"] = "numpy.show_config (build information only)"
    return info


# ---------------------------------------------------------------- timing


def best_of(fn, runs):
    """Best wall time and best CPU time (this process, all threads) of `runs` calls, in ms,
    and the last result."""
    best = math.inf
    best_cpu = math.inf
    result = None
    for _ in range(runs):
        c0 = time.process_time()
        t0 = time.perf_counter()
        result = fn()
        best = min(best, (time.perf_counter() - t0) * 1000)
        best_cpu = min(best_cpu, (time.process_time() - c0) * 1000)
    return best, best_cpu, result


def per_call(fn, runs, target_ms=60.0):
    """Best wall time and best CPU time (this process, all threads) of one call in ms: calls
    in a loop of ~target_ms, best of `runs` loops."""
    reps = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        elapsed = (time.perf_counter() - t0) * 1000
        if elapsed >= target_ms / 4 or reps >= 1 << 24:
            break
        reps *= 2
    reps = max(1, int(reps * target_ms / max(elapsed, 1e-3)))
    best = math.inf
    best_cpu = math.inf
    for _ in range(runs):
        c0 = time.process_time()
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        best = min(best, (time.perf_counter() - t0) * 1000 / reps)
        best_cpu = min(best_cpu, (time.process_time() - c0) * 1000 / reps)
    return best, best_cpu


# ---------------------------------------------------------------- shared utilities (init_utils / reg_utils / opt_utils)


def sigmoid(x):
    s = 1 / (1 + np.exp(-x))
    return s


def relu(x):
    s = np.maximum(0, x)
    return s


def forward_propagation(X, parameters):
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    W3 = parameters["W3"]
    b3 = parameters["b3"]
    z1 = np.dot(W1, X) + b1
    a1 = relu(z1)
    z2 = np.dot(W2, a1) + b2
    a2 = relu(z2)
    z3 = np.dot(W3, a2) + b3
    a3 = sigmoid(z3)
    cache = (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3)
    return a3, cache


def backward_propagation(X, Y, cache):
    """init_utils / opt_utils: the 1/m folded into dz3."""
    m = X.shape[1]
    (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3) = cache
    dz3 = 1.0 / m * (a3 - Y)
    dW3 = np.dot(dz3, a2.T)
    db3 = np.sum(dz3, axis=1, keepdims=True)
    da2 = np.dot(W3.T, dz3)
    dz2 = np.multiply(da2, np.int64(a2 > 0))
    dW2 = np.dot(dz2, a1.T)
    db2 = np.sum(dz2, axis=1, keepdims=True)
    da1 = np.dot(W2.T, dz2)
    dz1 = np.multiply(da1, np.int64(a1 > 0))
    dW1 = np.dot(dz1, X.T)
    db1 = np.sum(dz1, axis=1, keepdims=True)
    gradients = {"dz3": dz3, "dW3": dW3, "db3": db3, "da2": da2, "dz2": dz2, "dW2": dW2, "db2": db2,
                 "da1": da1, "dz1": dz1, "dW1": dW1, "db1": db1}
    return gradients


def backward_propagation_reg(X, Y, cache):
    """reg_utils.backward_propagation: dZ3 = A3 - Y, each dW/db carries the 1/m."""
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T)
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1.0 / m * np.dot(dZ2, A1.T)
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                 "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients


def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for k in range(L):
        parameters["W" + str(k + 1)] = parameters["W" + str(k + 1)] - learning_rate * grads["dW" + str(k + 1)]
        parameters["b" + str(k + 1)] = parameters["b" + str(k + 1)] - learning_rate * grads["db" + str(k + 1)]
    return parameters


def compute_loss(a3, Y):
    """init_utils.compute_loss and reg_utils.compute_cost."""
    m = Y.shape[1]
    logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    loss = 1.0 / m * np.nansum(logprobs)
    return loss


def predict(X, y, parameters):
    m = X.shape[1]
    p = np.zeros((1, m), dtype=np.int64)
    a3, caches = forward_propagation(X, parameters)
    for i in range(0, a3.shape[1]):
        if a3[0, i] > 0.5:
            p[0, i] = 1
        else:
            p[0, i] = 0
    return float(np.mean((p[0, :] == y[0, :])))


# ---------------------------------------------------------------- Initialization (W1A1)


def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims) - 1
    for l in range(1, L + 1):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2.0 / layers_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


def init_model(X, Y, learning_rate=0.01, num_iterations=15000, print_cost=True, initialization="he"):
    costs = []
    layers_dims = [X.shape[0], 10, 5, 1]
    assert initialization == "he"
    parameters = initialize_parameters_he(layers_dims)
    for i in range(0, num_iterations):
        a3, cache = forward_propagation(X, parameters)
        cost = compute_loss(a3, Y)
        grads = backward_propagation(X, Y, cache)
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 1000 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration {}: {}".format(i, cost))
    return parameters, costs


# ---------------------------------------------------------------- Regularization


def initialize_parameters_reg(layer_dims):
    np.random.seed(3)
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    W1 = parameters["W1"]
    W2 = parameters["W2"]
    W3 = parameters["W3"]
    cross_entropy_cost = compute_loss(A3, Y)
    L2_regularization_cost = (1 / m) * (lambd / 2) * (np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))
    cost = cross_entropy_cost + L2_regularization_cost
    return cost


def backward_propagation_with_regularization(X, Y, cache, lambd):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T) + (lambd / m) * W3
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1.0 / m * np.dot(dZ2, A1.T) + (lambd / m) * W2
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1.0 / m * np.dot(dZ1, X.T) + (lambd / m) * W1
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                 "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients


def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    np.random.seed(1)
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    W3 = parameters["W3"]
    b3 = parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    D1 = np.random.rand(A1.shape[0], A1.shape[1])
    D1 = (D1 < keep_prob).astype(int)
    A1 = A1 * D1
    A1 = A1 / keep_prob
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    D2 = np.random.rand(A2.shape[0], A2.shape[1])
    D2 = (D2 < keep_prob).astype(int)
    A2 = A2 * D2
    A2 = A2 / keep_prob
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T)
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dA2 = dA2 * D2
    dA2 = dA2 / keep_prob
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1.0 / m * np.dot(dZ2, A1.T)
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dA1 = dA1 * D1
    dA1 = dA1 / keep_prob
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                 "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients


def reg_model(X, Y, learning_rate=0.3, num_iterations=30000, print_cost=True, lambd=0, keep_prob=1):
    costs = []
    layers_dims = [X.shape[0], 20, 3, 1]
    parameters = initialize_parameters_reg(layers_dims)
    for i in range(0, num_iterations):
        if keep_prob == 1:
            a3, cache = forward_propagation(X, parameters)
        elif keep_prob < 1:
            a3, cache = forward_propagation_with_dropout(X, parameters, keep_prob)
        if lambd == 0:
            cost = compute_loss(a3, Y)
        else:
            cost = compute_cost_with_regularization(a3, Y, parameters, lambd)
        assert lambd == 0 or keep_prob == 1
        if lambd == 0 and keep_prob == 1:
            grads = backward_propagation_reg(X, Y, cache)
        elif lambd != 0:
            grads = backward_propagation_with_regularization(X, Y, cache, lambd)
        elif keep_prob < 1:
            grads = backward_propagation_with_dropout(X, Y, cache, keep_prob)
        parameters = update_parameters(parameters, grads, learning_rate)
        if print_cost and i % 10000 == 0:
            print("Cost after iteration {}: {}".format(i, cost))
        if i % 1000 == 0:
            costs.append(cost)
    return parameters, costs


# ---------------------------------------------------------------- Optimization (2021, opt_utils_v1a)


def initialize_parameters_opt(layer_dims):
    np.random.seed(3)
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * np.sqrt(2 / layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def compute_cost_opt(a3, Y):
    logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    cost_total = np.sum(logprobs)
    return cost_total


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    np.random.seed(seed)
    m = X.shape[1]
    mini_batches = []
    permutation = list(np.random.permutation(m))
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation].reshape((1, m))
    num_complete_minibatches = math.floor(m / mini_batch_size)
    for k in range(0, num_complete_minibatches):
        mini_batch_X = shuffled_X[:, k * mini_batch_size : (k + 1) * mini_batch_size]
        mini_batch_Y = shuffled_Y[:, k * mini_batch_size : (k + 1) * mini_batch_size]
        mini_batches.append((mini_batch_X, mini_batch_Y))
    if m % mini_batch_size != 0:
        mini_batch_X = shuffled_X[:, num_complete_minibatches * mini_batch_size : m]
        mini_batch_Y = shuffled_Y[:, num_complete_minibatches * mini_batch_size : m]
        mini_batches.append((mini_batch_X, mini_batch_Y))
    return mini_batches


def initialize_adam(parameters):
    L = len(parameters) // 2
    v = {}
    s = {}
    for l in range(1, L + 1):
        v["dW" + str(l)] = np.zeros_like(parameters["W" + str(l)])
        v["db" + str(l)] = np.zeros_like(parameters["b" + str(l)])
        s["dW" + str(l)] = np.zeros_like(parameters["W" + str(l)])
        s["db" + str(l)] = np.zeros_like(parameters["b" + str(l)])
    return v, s


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    L = len(parameters) // 2
    v_corrected = {}
    s_corrected = {}
    for l in range(1, L + 1):
        v["dW" + str(l)] = beta1 * v["dW" + str(l)] + (1 - beta1) * grads["dW" + str(l)]
        v["db" + str(l)] = beta1 * v["db" + str(l)] + (1 - beta1) * grads["db" + str(l)]
        v_corrected["dW" + str(l)] = v["dW" + str(l)] / (1 - np.power(beta1, t))
        v_corrected["db" + str(l)] = v["db" + str(l)] / (1 - np.power(beta1, t))
        s["dW" + str(l)] = beta2 * s["dW" + str(l)] + (1 - beta2) * np.power(grads["dW" + str(l)], 2)
        s["db" + str(l)] = beta2 * s["db" + str(l)] + (1 - beta2) * np.power(grads["db" + str(l)], 2)
        s_corrected["dW" + str(l)] = s["dW" + str(l)] / (1 - np.power(beta2, t))
        s_corrected["db" + str(l)] = s["db" + str(l)] / (1 - np.power(beta2, t))
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * v_corrected["dW" + str(l)] / (np.sqrt(s_corrected["dW" + str(l)]) + epsilon)
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * v_corrected["db" + str(l)] / (np.sqrt(s_corrected["db" + str(l)]) + epsilon)
    return parameters, v, s, v_corrected, s_corrected


def update_parameters_with_gd(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters


def initialize_velocity(parameters):
    L = len(parameters) // 2
    v = {}
    for l in range(1, L + 1):
        v["dW" + str(l)] = np.zeros_like(parameters["W" + str(l)])
        v["db" + str(l)] = np.zeros_like(parameters["b" + str(l)])
    return v


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        v["dW" + str(l)] = beta * v["dW" + str(l)] + (1 - beta) * grads["dW" + str(l)]
        v["db" + str(l)] = beta * v["db" + str(l)] + (1 - beta) * grads["db" + str(l)]
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * v["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * v["db" + str(l)]
    return parameters, v


def opt_model(X, Y, layers_dims, optimizer, learning_rate=0.0007, mini_batch_size=64, beta=0.9,
              beta1=0.9, beta2=0.999, epsilon=1e-8, num_epochs=5000, print_cost=True):
    costs = []
    t = 0
    seed = 10
    m = X.shape[1]
    parameters = initialize_parameters_opt(layers_dims)
    if optimizer == "momentum":
        v = initialize_velocity(parameters)
    elif optimizer == "adam":
        v, s = initialize_adam(parameters)
    else:
        assert optimizer == "gd"
    for i in range(num_epochs):
        seed = seed + 1
        minibatches = random_mini_batches(X, Y, mini_batch_size, seed)
        cost_total = 0
        for minibatch in minibatches:
            (minibatch_X, minibatch_Y) = minibatch
            a3, caches = forward_propagation(minibatch_X, parameters)
            cost_total += compute_cost_opt(a3, minibatch_Y)
            grads = backward_propagation(minibatch_X, minibatch_Y, caches)
            if optimizer == "gd":
                parameters = update_parameters_with_gd(parameters, grads, learning_rate)
            elif optimizer == "momentum":
                parameters, v = update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)
            else:
                t = t + 1
                parameters, v, s, _, _ = update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon)
        cost_avg = cost_total / m
        if print_cost and i % 1000 == 0:
            print("Cost after epoch %i: %f" % (i, cost_avg))
        if i % 100 == 0:
            costs.append(cost_avg)
    return parameters, costs


# ---------------------------------------------------------------- the benchmarks


def run_model(spec, runs):
    X = np.array(spec["X"], dtype=np.float64)
    Y = np.array(spec["Y"], dtype=np.float64)
    kind = spec["kind"]
    o = spec["options"]
    if kind == "initialization":
        fn = lambda: init_model(X, Y, learning_rate=o["learningRate"], num_iterations=o["numIterations"], print_cost=False)  # noqa: E731
    elif kind == "regularization":
        fn = lambda: reg_model(X, Y, learning_rate=o["learningRate"], num_iterations=o["numIterations"], print_cost=False,  # noqa: E731
                               lambd=o["lambd"], keep_prob=o["keepProb"])
    elif kind == "optimization":
        fn = lambda: opt_model(X, Y, [X.shape[0], 5, 2, 1], o["optimizer"], learning_rate=o["learningRate"],  # noqa: E731
                               mini_batch_size=o["miniBatchSize"], num_epochs=o["numEpochs"], print_cost=False)
    else:
        raise ValueError("unknown model kind " + kind)
    ms, cpu_ms, (parameters, costs) = best_of(fn, runs)
    out = {"name": spec["name"], "ms": ms, "cpu_ms": cpu_ms, "final_cost": float(costs[-1]), "train_accuracy": predict(X, Y, parameters)}
    if "testX" in spec:
        out["test_accuracy"] = predict(np.array(spec["testX"], dtype=np.float64), np.array(spec["testY"], dtype=np.float64), parameters)
    return out


def micro(spec, runs):
    rng = np.random.RandomState(0)
    op = spec["op"]
    if op == "dot":
        (m, k), (_, n) = spec["a"], spec["b"]
        a, b = rng.randn(m, k), rng.randn(k, n)
        fn = lambda: np.dot(a, b)  # noqa: E731
    elif op == "add":
        a, b = rng.randn(*spec["a"]), rng.randn(*spec["b"])
        fn = lambda: a + b  # noqa: E731
    elif op == "mul":
        a, b = rng.randn(*spec["a"]), rng.randn(*spec["b"])
        fn = lambda: a * b  # noqa: E731
    elif op == "sum1":
        a = rng.randn(*spec["a"])
        fn = lambda: np.sum(a, axis=1, keepdims=True)  # noqa: E731
    elif op == "exp":
        a = rng.randn(*spec["a"])
        fn = lambda: np.exp(a)  # noqa: E731
    elif op == "randn":
        r, c = spec["a"]
        fn = lambda: np.random.randn(r, c)  # noqa: E731
    else:
        raise ValueError("unknown op " + op)
    ms, cpu_ms = per_call(fn, runs)
    return {"name": spec["name"], "ms": ms, "cpu_ms": cpu_ms}


def main():
    # The notebooks' log(0) and 0·inf warnings change no value; keep the bench's output readable.
    np.seterr(divide="ignore", invalid="ignore")
    with open(sys.argv[1], encoding="utf8") as f:
        job = json.load(f)
    runs = job["runs"]
    result = {"blas": blas_info(), "micro": [], "models": []}
    for spec in job["micro"]:
        result["micro"].append(micro(spec, runs))
    for spec in job["models"]:
        result["models"].append(run_model(spec, runs))
        print("numpy: " + spec["name"] + " done", file=sys.stderr, flush=True)
    with open(sys.argv[2], "w", encoding="utf8") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
