"""The lecture's own code, as on the slide (Khapra, lecture 3): the reference
every number in the app is checked against. Kept verbatim but for returning
the path instead of plotting it."""

import numpy as np

X = [0.5, 2.5]
Y = [0.2, 0.9]


def f(w, b, x):  # sigmoid with parameters w,b
    return 1.0 / (1.0 + np.exp(-(w * x + b)))


def error(w, b):
    err = 0.0
    for x, y in zip(X, Y):
        fx = f(w, b, x)
        err += 0.5 * (fx - y) ** 2
    return err


def grad_b(w, b, x, y):
    fx = f(w, b, x)
    return (fx - y) * fx * (1 - fx)


def grad_w(w, b, x, y):
    fx = f(w, b, x)
    return (fx - y) * fx * (1 - fx) * x


def do_gradient_descent(w=-2, b=-2, eta=1.0, max_epochs=1000):
    path = [(w, b)]
    for _i in range(max_epochs):
        dw, db = 0, 0
        for x, y in zip(X, Y):
            dw += grad_w(w, b, x, y)
            db += grad_b(w, b, x, y)
        w = w - eta * dw
        b = b - eta * db
        path.append((w, b))
    return path
