# Writes the table of the kernels' exp (lib/engine/wasm/exp.wat): 2^(j/256) for
# j = 0 … 255 as two f64 each, hi = RN(2^(j/256)) and lo = RN(2^(j/256) − hi),
# little-endian, as a WebAssembly text data string; and the constants of the
# argument reduction (C1 = ln2/256 cut to 35 significant bits, so that k·C1 is
# exact for |k| < 2^18; C2 = RN(ln2/256 − C1); 256/ln2 rounded).
#
#     python3 tools/exp_table.py
#
# mpmath at 300 bits; to_float(…, rnd="n") rounds to nearest (float(mpf) would truncate).
# tests/engine/kernels_test.ts checks the table with exact integer arithmetic.
import struct

import mpmath

mpmath.mp.prec = 300


def rn(v):
    return mpmath.libmp.to_float(mpmath.mpf(v)._mpf_, rnd="n")


N = 256
data = b""
for j in range(N):
    t = mpmath.power(2, mpmath.mpf(j) / N)
    hi = rn(t)
    data += struct.pack("<dd", hi, rn(t - mpmath.mpf(hi)))
step = mpmath.log(2) / N
m, e = mpmath.frexp(step)
C1 = float(mpmath.floor(m * 2**35) / 2**35 * mpmath.power(2, e))
print(f";; 256/ln2 = {rn(N / mpmath.log(2)).hex()}, C1 = {C1.hex()}, C2 = {rn(step - mpmath.mpf(C1)).hex()}")
print('(data $expTable "' + "".join(f"\\{b:02x}" for b in data) + '")')
