#!/usr/bin/env python3
"""Prints the application manifest (resource type RT_MANIFEST = 24, id 1) embedded in a Windows PE file.

    installer/windows/pe-manifest.py <file.exe>

Exit status 0 with the manifest's XML on stdout; 1 with a message on stderr when the file is not a PE file or has
no RT_MANIFEST resource with id 1 (the one Windows reads when it starts an .exe). Reads the PE headers and the
resource directory itself (no third-party module), for check-signed.sh and the Wine proof.
"""
import struct
import sys

RT_MANIFEST = 24
CREATEPROCESS_MANIFEST_RESOURCE_ID = 1


def fail(message):
    print(f"pe-manifest: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) != 2:
        fail("usage: pe-manifest.py <file.exe>")
    path = sys.argv[1]
    data = open(path, "rb").read()
    if data[:2] != b"MZ":
        fail(f"{path}: not a PE file (no MZ header)")
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe:pe + 4] != b"PE\0\0":
        fail(f"{path}: not a PE file (no PE signature)")
    sections, optional_size = struct.unpack_from("<H12xH", data, pe + 6)
    optional = pe + 24
    magic = struct.unpack_from("<H", data, optional)[0]
    directories = optional + (112 if magic == 0x20B else 96)  # PE32+ or PE32
    resource_rva, resource_size = struct.unpack_from("<II", data, directories + 2 * 8)
    if resource_rva == 0:
        fail(f"{path}: no resources")

    table = optional + optional_size
    headers = []
    for i in range(sections):
        _, vsize, vaddr, rawsize, rawptr = struct.unpack_from("<8sIIII", data, table + 40 * i)
        headers.append((vaddr, max(vsize, rawsize), rawptr))

    def offset(rva):
        for vaddr, size, rawptr in headers:
            if vaddr <= rva < vaddr + size:
                return rawptr + rva - vaddr
        fail(f"{path}: RVA {rva:#x} is in no section")

    base = offset(resource_rva)

    def entries(directory):
        named, ids = struct.unpack_from("<HH", data, base + directory + 12)
        for i in range(named + ids):
            name, target = struct.unpack_from("<II", data, base + directory + 16 + 8 * i)
            yield name, target

    def find(directory, wanted):
        for name, target in entries(directory):
            if not name & 0x80000000 and name == wanted:
                return target
        return None

    types = find(0, RT_MANIFEST)
    if types is None or not types & 0x80000000:
        fail(f"{path}: no RT_MANIFEST resource")
    ids = find(types & 0x7FFFFFFF, CREATEPROCESS_MANIFEST_RESOURCE_ID)
    if ids is None or not ids & 0x80000000:
        fail(f"{path}: an RT_MANIFEST resource, but none with id 1")
    languages = list(entries(ids & 0x7FFFFFFF))
    if not languages or languages[0][1] & 0x80000000:
        fail(f"{path}: RT_MANIFEST id 1 has no data")
    data_rva, data_size = struct.unpack_from("<II", data, base + languages[0][1])
    start = offset(data_rva)
    sys.stdout.write(data[start:start + data_size].decode("utf-8-sig"))


if __name__ == "__main__":
    main()
