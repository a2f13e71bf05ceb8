from tests.common import check


def test_padding_smoke():
    check("Title\n\nText.\n\n\n", "trailing-padding", (4, 1, "2 blank lines"))
