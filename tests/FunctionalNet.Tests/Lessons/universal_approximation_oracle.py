# An independent NumPy implementation of the universal-approximation lesson, the oracle for
# UniversalApproximationLessonTests: the same staircase start, least squares for the output layer
# (numpy.linalg.lstsq), then full-batch gradient descent on the mean squared error written out by hand.
# Run: python3 universal_approximation_oracle.py
import numpy as np

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def max_error(f, units, epochs, lo, hi, eta=0.05, steepness=2.0, samples=200, points=1001):
    x = np.linspace(lo, hi, samples)[None, :]
    y = f(x)
    centres = lo + (hi - lo) * (np.arange(units) + 0.5) / units
    k = steepness * units / (hi - lo)
    w1 = np.full((units, 1), k)
    b1 = (-k * centres)[:, None]
    design = np.vstack([sigmoid(w1 @ x + b1), np.ones((1, samples))])
    solution = np.linalg.lstsq(design.T, y[0], rcond=None)[0]
    w2, b2 = solution[None, :units], solution[None, units:]
    m = samples
    for _ in range(epochs):
        a1 = sigmoid(w1 @ x + b1)
        a2 = w2 @ a1 + b2
        dz2 = 2 * (a2 - y) / m
        dw2, db2 = dz2 @ a1.T, dz2.sum(1, keepdims=True)
        dz1 = (w2.T @ dz2) * a1 * (1 - a1)
        dw1, db1 = dz1 @ x.T, dz1.sum(1, keepdims=True)
        w1, b1, w2, b2 = w1 - eta * dw1, b1 - eta * db1, w2 - eta * dw2, b2 - eta * db2
    xe = np.linspace(lo, hi, points)[None, :]
    return np.abs(w2 @ sigmoid(w1 @ xe + b1) + b2 - f(xe)).max()

for name, f, lo, hi in [("sin", np.sin, -np.pi, np.pi), ("abs", np.abs, -1, 1)]:
    for epochs in [0, 3000]:
        print(name, epochs, [round(max_error(f, n, epochs, lo, hi), 6) for n in [1, 2, 4, 8, 16, 32]])
# Output:
# sin 0 [0.927336, 0.913763, 0.07495, 0.031723, 0.014468, 0.006146]
# sin 3000 [1.010256, 0.735646, 0.067863, 0.030907, 0.014483, 0.006164]
# abs 0 [0.502513, 0.145839, 0.088371, 0.043264, 0.021261, 0.010713]
# abs 3000 [0.502513, 0.138255, 0.08838, 0.043326, 0.021267, 0.010714]
