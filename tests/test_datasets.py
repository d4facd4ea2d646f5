import numpy as np
import pytest

from gd_core.datasets import MAX_CSV_BYTES, parse_csv, to_csv


def test_round_trip():
    x, y = np.array([0.5, 2.5, -1e-3]), np.array([0.2, 0.9, 1.0])
    x2, y2 = parse_csv(to_csv(x, y).encode())
    np.testing.assert_array_equal(x, x2)
    np.testing.assert_array_equal(y, y2)


def test_extra_columns_header_case_blank_lines_and_bom():
    text = "\ufeffId,Y,X\n1,0.2,0.5\n\n2,0.9,2.5\n"
    x, y = parse_csv(text.encode("utf-8"))
    assert x.tolist() == [0.5, 2.5] and y.tolist() == [0.2, 0.9]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"a,b\n1,2\n", "missing column(s) x and y; the header has: a, b"),
        (b"x,z\n1,2\n", "missing column(s) y"),
        (b"x,y\n1,0.5\n2,abc\n", "row 2: y is 'abc', not a number"),
        (b"x,y\n1,0.5\n,0.2\n", "row 2: x is empty, not a number"),
        (b"x,y\n1,nan\n", "row 1: y is nan; it must be finite"),
        (b"x,y\ninf,0.5\n", "row 1: x is inf; it must be finite"),
        (b"x,y\n", "the file has a header but no data rows"),
        (b"", "the file is empty"),
        ("x,y\n1,0.5\n".encode("utf-16"), "the file is not UTF-8 text"),
    ],
)
def test_bad_csv_names_the_problem(data, message):
    with pytest.raises(ValueError) as caught:
        parse_csv(data)
    assert message in str(caught.value)


def test_too_many_rows():
    rows = "\n".join(f"{i},0.5" for i in range(100_001))
    with pytest.raises(ValueError, match="more than 100,000 rows"):
        parse_csv(("x,y\n" + rows).encode())


def test_too_large():
    with pytest.raises(ValueError, match="the limit is 5 MB"):
        parse_csv(b"x,y\n" + b"1,0.5\n" * (MAX_CSV_BYTES // 6 + 10))
