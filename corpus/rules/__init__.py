"""The trip rules the circulars set, kept as data, and the checks that apply them."""
