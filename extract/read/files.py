"""Finding article files and reading their bytes: the folders walked, a document's id, the size limit,
what the operating system said in words a user understands, and what a file's first bytes announce."""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from extract.read import formats
from extract.vocabulary import read_table
from extract.read.document import DocumentError


TEXT_EXTENSIONS = {".txt", ".md", ".markdown", ".html", ".htm"}
EXTENSIONS = TEXT_EXTENSIONS | set(formats.BINARY_READERS)

# The largest file read, in bytes.  The longest article of the corpora is under 100 kB of text and a PDF
# newspaper page with its pictures a few MB; a bigger file is an archive, a dump or a mistake, and is
# refused from its size alone, before any of it is read.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def find_documents(paths) -> list[str]:
    """Article files under `paths` (files or folders, searched recursively),
    sorted.  Hidden files and folders below a given folder are skipped, and
    so are pipes, sockets and devices.  A linked folder is followed once (a
    link loop ends there); a link that leads nowhere, and a folder that cannot
    be listed, are listed too, so that `read_document` reports them.

    Paths are strings: an archive lists hundreds of thousands of files, and a Path
    object holds ~5× the memory of its string (100k files: +45 MB against +9 MB)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    found: set[str] = set()
    for p in map(Path, paths):
        if p.is_dir():
            found.update(_walk(p))
        elif p.is_file() or (p.is_symlink() and not p.exists()):  # a broken or looping link: read_document says which
            found.add(str(p))
        elif p.exists():  # opening a pipe would wait for a writer forever
            raise DocumentError(p, "not a regular file (a pipe, socket or device)")
        else:
            raise DocumentError(p, "no such file or folder")
    return sorted(found)


def doc_id_of(path: str) -> str:
    """A document's id: its file's name without the extension, as `Path(path).stem` reads it, from the
    string alone (a run lists every file of an archive: 100k Path objects cost ~0.8 s)."""
    name = os.path.basename(path)
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _walk(folder: Path):
    seen: set[tuple[int, int]] = set()  # (device, inode) of the folders walked, so a link loop is walked once
    unlistable: list[OSError] = []
    for root, dirs, files in os.walk(folder, followlinks=True, onerror=unlistable.append):
        info = os.stat(root)
        if (info.st_dev, info.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = os.path.join(root, name)
            # regular files, and links that lead nowhere (reported by read_document); never a pipe or device
            if (not name.startswith(".") and os.path.splitext(name)[1].lower() in EXTENSIONS
                    and (os.path.isfile(path) or (os.path.islink(path) and not os.path.exists(path)))):
                yield path
    yield from (e.filename for e in unlistable if e.filename)


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_DOCUMENT_BYTES; its size is checked before reading."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            os.listdir(path)  # only a folder find_documents could not list comes here: say why
            raise DocumentError(path, "a folder, not a file")
        if not stat.S_ISREG(info.st_mode):  # reading a pipe or a device would wait forever or never end
            raise DocumentError(path, "not a regular file (a pipe, socket or device)")
        if info.st_size > MAX_DOCUMENT_BYTES:
            raise DocumentError(path, _too_large(info.st_size))
        with open(path, "rb") as f:
            data = f.read(MAX_DOCUMENT_BYTES + 1)  # it may have grown since
    except OSError as e:
        raise DocumentError(path, _os_reason(path, e)) from e
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(path, _too_large(len(data)))
    return data


def _too_large(size: int) -> str:
    return (f"too large: {size / 2**20:.1f} MB; the limit is {MAX_DOCUMENT_BYTES / 2**20:.0f} MB "
            f"(MAX_DOCUMENT_BYTES in extract/read/files.py)")


_OS_REASONS = {
    errno.EACCES: "permission denied: the file cannot be opened (check its permissions)",
    errno.EPERM: "permission denied: the file cannot be opened (check its permissions)",
    errno.ELOOP: "symlink loop: the link leads back to itself (too many levels of symbolic links)",
    errno.ENAMETOOLONG: "the path is too long to open",
}


def _os_reason(path: Path, error: OSError) -> str:
    if error.errno == errno.ENOENT:
        return "broken symlink: the file it points to does not exist" if path.is_symlink() else "no such file"
    if path.is_dir() and error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied: the folder cannot be listed (check its permissions)"
    return _OS_REASONS.get(error.errno, f"unreadable: {error.strerror or error}")


_SIGNATURES = [(bytes.fromhex(row["hex"]), row) for row in read_table("file_signatures.csv")]


def file_signature(data: bytes) -> dict | None:
    """The kind of binary file the first bytes announce (tables/file_signatures.csv), or None."""
    return next((row for magic, row in _SIGNATURES if data.startswith(magic)), None)
