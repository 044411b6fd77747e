# The oracle for NpzImportTests: a 784-32-10 ReLU/softmax network made and run by NumPy alone.
# W1 is drawn from a seed; W2 and b2 are fitted by least squares on the first 10,000 training images' hidden
# features, so the network is a real classifier (about 62 % right, chance is 10 %). The same values are written three ways (FunctionalNet's names with
# numpy.savez; a PyTorch state_dict's names with numpy.savez_compressed; float32 in Fortran order), and NumPy's own
# forward pass on the 10,000 test images prints how many it classifies right.
# Usage: python3 npz_oracle.py MNIST_DIR OUT_DIR
import sys
import numpy as np

mnist, out = sys.argv[1], sys.argv[2]

def idx(name, offset):
    with open(f"{mnist}/{name}", "rb") as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)

train = idx("train-images-idx3-ubyte", 16).reshape(-1, 784)[:10000].astype(np.float64) / 255.0
train_labels = idx("train-labels-idx1-ubyte", 8)[:10000]
test = idx("t10k-images-idx3-ubyte", 16).reshape(-1, 784).astype(np.float64) / 255.0
test_labels = idx("t10k-labels-idx1-ubyte", 8)

rng = np.random.default_rng(20)
W1 = rng.normal(0.0, np.sqrt(2.0 / 784), (32, 784))
b1 = rng.normal(0.0, 0.1, (32, 1))
hidden = np.maximum(W1 @ train.T + b1, 0.0)                       # 32 × m
features = np.vstack([hidden, np.ones((1, hidden.shape[1]))]).T   # m × 33
targets = np.eye(10)[train_labels]                                # m × 10
fit, *_ = np.linalg.lstsq(features, targets, rcond=None)          # 33 × 10
W2, b2 = fit[:32].T.copy(), fit[32:].T.copy()                     # 10 × 32, 10 × 1

def forward(x):                                                   # x: examples as columns
    a1 = np.maximum(W1 @ x + b1, 0.0)
    z2 = W2 @ a1 + b2
    e = np.exp(z2 - z2.max(axis=0))
    return e / e.sum(axis=0)

predicted = forward(test.T).argmax(axis=0)
np.savez(f"{out}/ours.npz", W1=W1, b1=b1, W2=W2, b2=b2)
np.savez_compressed(f"{out}/pytorch.npz", **{"0.weight": W1, "0.bias": b1.ravel(), "2.weight": W2, "2.bias": b2.ravel()})
f32 = lambda m: np.asfortranarray(m.astype(np.float32))
np.savez(f"{out}/fortran32.npz", W1=f32(W1), b1=b1.astype(np.float32).ravel(), W2=f32(W2), b2=b2.astype(np.float32).ravel())
print(int((predicted == test_labels).sum()))
