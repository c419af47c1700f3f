#!/usr/bin/env python3
"""Writes the small volume seeds of the fuzz corpora (tests/fuzz/corpus/*):
a 16 x 12 x 8 volume in NIfTI-1, NIfTI-2, MetaImage and NRRD, with an oblique
qform/sform and non-unit spacing so the readers' geometry paths run. Run once;
the files are committed, the script says how they were made."""
import math, os, struct, sys

NX, NY, NZ = 16, 12, 8
DATA = bytes((x * 7 + y * 13 + z * 29) % 251 for z in range(NZ) for y in range(NY) for x in range(NX))
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")

def quatern(angle):  # a rotation about z, as NIfTI's quatern b, c, d
    return 0.0, 0.0, math.sin(angle / 2)

def nifti1():
    h = bytearray(348)
    struct.pack_into("<i", h, 0, 348)
    struct.pack_into("<8h", h, 40, 3, NX, NY, NZ, 1, 1, 1, 1)
    struct.pack_into("<hh", h, 70, 2, 8)                    # datatype uint8, bitpix
    struct.pack_into("<8f", h, 76, 1.0, 1.0, 1.2, 2.0, 1, 1, 1, 1)
    struct.pack_into("<f", h, 108, 352.0)                   # vox_offset
    struct.pack_into("<ff", h, 112, 1.0, 0.0)               # scl_slope, scl_inter
    struct.pack_into("<b", h, 123, 10)                      # xyzt_units mm, s
    struct.pack_into("<hh", h, 252, 1, 1)                   # qform, sform codes
    struct.pack_into("<6f", h, 256, *quatern(0.2), -8.0, -7.0, -8.0)
    c, s = math.cos(0.2), math.sin(0.2)
    struct.pack_into("<4f", h, 280, 1.0 * c, -1.2 * s, 0, -8.0)
    struct.pack_into("<4f", h, 296, 1.0 * s, 1.2 * c, 0, -7.0)
    struct.pack_into("<4f", h, 312, 0, 0, 2.0, -8.0)
    h[344:348] = b"n+1\0"
    return bytes(h) + b"\0" * 4 + DATA

def nifti2():
    h = bytearray(540)
    struct.pack_into("<i", h, 0, 540)
    h[4:12] = b"n+2\0\r\n\x1a\n"
    struct.pack_into("<hh", h, 12, 2, 8)
    struct.pack_into("<8q", h, 16, 3, NX, NY, NZ, 1, 1, 1, 1)
    struct.pack_into("<8d", h, 104, 1.0, 1.0, 1.2, 2.0, 1, 1, 1, 1)
    struct.pack_into("<q", h, 168, 544)
    struct.pack_into("<dd", h, 176, 1.0, 0.0)
    struct.pack_into("<ii", h, 344, 1, 1)
    struct.pack_into("<6d", h, 352, *quatern(0.2), -8.0, -7.0, -8.0)
    c, s = math.cos(0.2), math.sin(0.2)
    struct.pack_into("<4d", h, 400, 1.0 * c, -1.2 * s, 0, -8.0)
    struct.pack_into("<4d", h, 432, 1.0 * s, 1.2 * c, 0, -7.0)
    struct.pack_into("<4d", h, 464, 0, 0, 2.0, -8.0)
    struct.pack_into("<i", h, 500, 10)
    return bytes(h) + b"\0" * 4 + DATA

def metaimage():
    head = ("ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = False\n"
            "TransformMatrix = 1 0 0 0 1 0 0 0 1\nOffset = -8 -7 -8\nElementSpacing = 1 1.2 2\n"
            f"DimSize = {NX} {NY} {NZ}\nElementType = MET_UCHAR\nElementDataFile = LOCAL\n")
    return head.encode() + DATA

def nrrd():
    head = ("NRRD0004\ntype: uint8\ndimension: 3\nspace: left-posterior-superior\n"
            f"sizes: {NX} {NY} {NZ}\nspace directions: (1,0,0) (0,1.2,0) (0,0,2)\n"
            "space origin: (-8,-7,-8)\nendian: little\nencoding: raw\n\n")
    return head.encode() + DATA

for folder, name, data in (("nifti1", "seed.nii", nifti1()), ("nifti2", "seed.nii", nifti2()),
                           ("metaimage", "seed.mha", metaimage()), ("nrrd", "seed.nrrd", nrrd())):
    with open(os.path.join(here, folder, name), "wb") as f:
        f.write(data)
