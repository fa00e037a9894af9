"""Disk → Document: finding article files, reading their bytes, decoding, markup, metadata and the
formats that are not plain text (PDF, Word, saved pages). Per document and pure but for reading the file."""
