#!/usr/bin/env python3
"""Writes the footprint-ml wheel: the package under Python/src, the given binary as footprint/bin/footprint.

    Scripts/wheel.py BINARY OUTPUT_FOLDER

The wheel is a zip file (PEP 427), written here with zipfile so that no build backend is needed. Its tag is
py3-none-manylinux_2_XX_<machine>, with 2_XX the highest GLIBC_2.XX symbol version the binary needs, so that
pip refuses it where that glibc is missing. Prints the wheel's path.
"""

import base64
import hashlib
import os
import platform
import re
import subprocess
import sys
import tomllib
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYTHON = os.path.join(ROOT, "Python")
PACKAGE = os.path.join(PYTHON, "src", "footprint")
# Every entry gets this time, so that the same inputs make the same wheel.
ENTRY_TIME = (2026, 1, 1, 0, 0, 0)


def glibc_needed(binary: str) -> tuple:
    """The highest GLIBC_2.XX version among the binary's version needs (readelf -V), as (2, XX)."""
    listing = subprocess.run(["readelf", "-V", "--wide", binary], capture_output=True, text=True, check=True).stdout
    versions = {tuple(int(part) for part in found) for found in re.findall(r"GLIBC_(\d+)\.(\d+)", listing)}
    if not versions:
        sys.exit(f"wheel.py: {binary} needs no GLIBC_2.XX symbol version: is it a glibc Linux binary?")
    return max(versions)


def digest(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def metadata(project: dict) -> str:
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {project['version']}",
        f"Summary: {project['description']}",
        f"Requires-Python: {project['requires-python']}",
        f"License: {project['license']['text']}",
        f"Keywords: {','.join(project.get('keywords', []))}",
    ]
    lines += [f"Classifier: {classifier}" for classifier in project.get("classifiers", [])]
    lines.append("Description-Content-Type: text/markdown")
    with open(os.path.join(PYTHON, project["readme"]), encoding="utf-8") as file:
        readme = file.read()
    return "\n".join(lines) + "\n\n" + readme


def package_files() -> list:
    """(path in the wheel, path here) for every file of the package but caches and the binary's folder."""
    found = []
    for folder, subfolders, files in os.walk(PACKAGE):
        subfolders[:] = sorted(name for name in subfolders if name not in ("__pycache__", "bin"))
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            here = os.path.join(folder, name)
            found.append(("footprint/" + os.path.relpath(here, PACKAGE).replace(os.sep, "/"), here))
    return found


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: Scripts/wheel.py BINARY OUTPUT_FOLDER")
    binary, output = sys.argv[1], sys.argv[2]
    with open(os.path.join(PYTHON, "pyproject.toml"), "rb") as file:
        project = tomllib.load(file)["project"]
    major, minor = glibc_needed(binary)
    tag = f"py3-none-manylinux_{major}_{minor}_{platform.machine()}"
    distribution = project["name"].replace("-", "_")
    version = project["version"]
    info = f"{distribution}-{version}.dist-info"
    os.makedirs(output, exist_ok=True)
    path = os.path.join(output, f"{distribution}-{version}-{tag}.whl")

    records = []
    with zipfile.ZipFile(path + ".part", "w", compression=zipfile.ZIP_DEFLATED) as wheel:

        def add(name: str, data: bytes, mode: int = 0o644) -> None:
            entry = zipfile.ZipInfo(name, date_time=ENTRY_TIME)
            entry.external_attr = (0o100000 | mode) << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(entry, data)
            records.append(f"{name},{digest(data)},{len(data)}")

        for name, here in package_files():
            with open(here, "rb") as file:
                add(name, file.read())
        with open(binary, "rb") as file:
            add("footprint/bin/footprint", file.read(), 0o755)
        add(f"{info}/METADATA", metadata(project).encode())
        add(
            f"{info}/WHEEL",
            f"Wheel-Version: 1.0\nGenerator: footprint Scripts/wheel.py\nRoot-Is-Purelib: false\nTag: {tag}\n".encode(),
        )
        scripts = "".join(f"{name} = {target}\n" for name, target in project.get("scripts", {}).items())
        add(f"{info}/entry_points.txt", f"[console_scripts]\n{scripts}".encode())
        records.append(f"{info}/RECORD,,")
        entry = zipfile.ZipInfo(f"{info}/RECORD", date_time=ENTRY_TIME)
        entry.external_attr = 0o100644 << 16
        entry.compress_type = zipfile.ZIP_DEFLATED
        wheel.writestr(entry, "\n".join(records) + "\n")
    os.replace(path + ".part", path)
    print(path)


if __name__ == "__main__":
    main()
