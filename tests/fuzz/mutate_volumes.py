#!/usr/bin/env python3
"""Mutates the volume seeds (corpus/) and feeds each mutant to
`turing-reader-cli info` under a 3 GB address limit and a 20 s timeout; keeps
every mutant that ends other than with exit 0 or 1 (a signal, a hang) in
--out. The first crashes and hangs of issue 13 were found with it; what it
finds belongs in regressions/volume/ once fixed. Until the libFuzzer
harnesses exist this is the volume readers' fuzzer.

    tests/fuzz/mutate_volumes.py SEED COUNT [CLI] [OUT]
"""
import os, random, struct, subprocess, sys, shutil
here = os.path.dirname(os.path.abspath(__file__))
cli = sys.argv[3] if len(sys.argv) > 3 else os.path.join(here, "..", "..", "build", "release", "app", "turing-reader-cli")
seeds = {"nifti1": "seed.nii", "nifti2": "seed.nii", "metaimage": "seed.mha", "nrrd": "seed.nrrd"}
root = os.path.join(here, "corpus")
out = sys.argv[4] if len(sys.argv) > 4 else "fuzz-found"
os.makedirs(out, exist_ok=True)
rng = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
N = int(sys.argv[2]) if len(sys.argv) > 2 else 100
specials4 = [struct.pack("<f", v) for v in (float("nan"), float("inf"), -float("inf"), 1e30, -1e30, 0.0, -1.0)] + \
    [struct.pack("<i", v) for v in (0, -1, 0x7fffffff, -0x80000000, 65535, 1 << 20)]
specials8 = [struct.pack("<d", v) for v in (float("nan"), float("inf"), 1e300, -1e300, 0.0)] + \
    [struct.pack("<q", v) for v in (0, -1, (1 << 62), 1 << 31, 1 << 20)]
textnums = ["nan", "inf", "-1", "0", "99999999999", "1e308", "-1e308", "4294967297", "abc", "", "1 2", "18446744073709551615"]
def mutate(kind, data):
    d = bytearray(data)
    hdr = 352 if kind == "nifti1" else 544 if kind == "nifti2" else data.index(b"\n\n") + 2 if kind == "nrrd" else data.index(b"LOCAL\n") + 6
    for _ in range(rng.randint(1, 4)):
        m = rng.randint(0, 5)
        if kind in ("nifti1", "nifti2") and m <= 2:
            size = 4 if kind == "nifti1" or rng.random() < 0.5 else 8
            off = rng.randrange(0, hdr - size) // size * size if rng.random() < 0.7 else rng.randrange(0, hdr - 2) // 2 * 2
            if size == 8 and rng.random() < 0.7:
                d[off:off + 8] = rng.choice(specials8)
            elif rng.random() < 0.3:
                d[off:off + 2] = struct.pack("<h", rng.choice([0, -1, 32767, -32768, 7, 8, 1, 2, 4, 16, 64, 128, 512, 1024, 2304]))
            else:
                d[off:off + 4] = rng.choice(specials4)
        elif kind in ("metaimage", "nrrd") and m <= 2:
            lines = bytes(d[:hdr]).split(b"\n")
            i = rng.randrange(len(lines))
            if b"=" in lines[i] or b":" in lines[i]:
                sep = b"=" if b"=" in lines[i] else b":"
                key, _, val = lines[i].partition(sep)
                parts = val.split()
                if parts and rng.random() < 0.8:
                    parts[rng.randrange(len(parts))] = rng.choice(textnums).encode()
                else:
                    parts = [rng.choice(textnums).encode()]
                lines[i] = key + sep + b" " + b" ".join(parts)
            elif rng.random() < 0.5:
                del lines[i]
            d = bytearray(b"\n".join(lines)) + d[hdr:]
        elif m == 3:
            i = rng.randrange(min(len(d), hdr + 8)); d[i] ^= 1 << rng.randrange(8)
        elif m == 4:
            d = d[:rng.randrange(1, len(d))]
        else:
            i = rng.randrange(len(d)); d[i] = rng.randrange(256)
    return bytes(d)
stats = {}
for n in range(N):
    kind = rng.choice(list(seeds))
    data = open(os.path.join(root, kind, seeds[kind]), "rb").read()
    m = mutate(kind, data)
    path = os.path.join(out, f"case-{os.getpid()}{os.path.splitext(seeds[kind])[1]}")
    open(path, "wb").write(m)
    try:
        p = subprocess.run(["bash", "-c", f"ulimit -v 3000000; exec {cli} info {path}"], capture_output=True, timeout=20)
        rc = p.returncode; err = p.stderr.decode(errors="replace")[-300:]
    except subprocess.TimeoutExpired:
        rc = "hang"; err = ""
    stats[rc] = stats.get(rc, 0) + 1
    if rc not in (0, 1):
        keep = f"{out}/{kind}-{n}-{rc}{os.path.splitext(seeds[kind])[1]}"
        shutil.copy(path, keep)
        print(rc, keep, err.strip().replace("\n", " | ")[:250], flush=True)
os.remove(path)
print("exit statuses:", stats)
