;; WebAssembly kernels of the two-layer net's training engine (lib/engine/crew.ts).
;;
;; Every kernel computes exactly the sums of the TypeScript reference
;; (lib/nets/two_layer_net.ts, lib/core/matrix.ts, lib/core/sparse_rows.ts) in exactly the same
;; order, so the results are bit-identical:
;; - SIMD is f64x2 add/mul/sub/div only, each lane a different output element
;;   (a different hidden or output unit), so each element's sum is the scalar
;;   sum of the reference, term by term. No fused multiply-add, no
;;   relaxed-SIMD: IEEE-754 add/mul/sub/div are correctly rounded and give the
;;   same bits on every machine.
;; - Blocks of 26 or 24 units keep their partial sums in 13 or 12 v128 locals
;;   (register blocking), then blocks of 10 in 5; the units left over go in
;;   pairs, then one scalar unit. More units per pass over a row's nonzeros spread the
;;   per-nonzero work (index, address, loop) over more multiply-adds.
;; - Sparse rows skip zero inputs, which adds nothing to a sum that started
;;   from +0 as long as the weights are finite (see lib/core/sparse_rows.ts).
;;
;; Pointers are byte offsets into the one memory; matrices are row-major f64;
;; index and label arrays are i32. Pointer 0 means "none" where a kernel says
;; so (the engine never allocates at 0).
;;
;; Assembled by tools/build.ts into lib/engine/wasm/kernels_wasm.ts.
;;
;; Why WebAssembly text and not AssemblyScript: a port of sparse_affine's
;; 26-unit block to AssemblyScript 0.28.20 (f64x2 intrinsics, -O3) gave the same
;; bits on 64 MNIST batches and the same speed (x·W1 of a batch of 100, medians
;; of 15 alternating rounds, three runs: WAT 173/162/169 µs, AssemblyScript
;; 176/163/169 µs), since both compile to the same loads, multiplies and adds.
;; With no speed to gain, porting every kernel (the exact exp and its Math.exp
;; fall-back, the column lists, the numerical gradient's chains) would add a
;; compiler to the build and a second language to read, and change nothing a
;; user sees; so the kernels stay in this text, one commented instruction at a time.

(module
  ;; One memory, created by the engine and shared with its workers.
  (import "env" "memory" (memory 1 32768 shared))
  ;; JavaScript's Math.exp itself. V8's Math.exp is correctly rounded (LLVM
  ;; libc's exp), so any correctly rounded exp has its bits: $exp2 below
  ;; computes a correctly rounded exp of two arguments at once and calls this
  ;; one where it cannot be sure of the rounding (exp.wat, included below).
  (import "env" "exp" (func $exp (param f64) (result f64)))

  ;; How many of the first blocks of h units are 26 wide rather than 24: with
  ;; q = floor(h / 24) blocks of 24 and r = h − 24q left over, min(q, floor(r / 2))
  ;; of them take two more units each (h = 50 is 26 + 24, no pass for the last 2).
  (func $blocks26 (param $h i32) (result i32)
    (local $q i32) (local $r i32)
    (local.set $q (i32.div_u (local.get $h) (i32.const 24)))
    (local.set $r (i32.shr_u (i32.sub (local.get $h) (i32.mul (local.get $q) (i32.const 24))) (i32.const 1)))
    (select (local.get $q) (local.get $r) (i32.lt_u (local.get $q) (local.get $r))))

  ;; out[r, :] = x[id_r, :] · w (+ b): a1 = x·W1 + b1 on sparse rows.
  ;; Row r of the output uses row id_r = ids[r] of x, or first + r when ids = 0.
  ;; x is compressed: row i has values value[p] at columns index[p] for
  ;; p in [rowStart[i], rowStart[i + 1]), columns ascending; w is cols × h;
  ;; b (h, or 0 for none) is added after the whole sum, as addRowVectorInPlace.
  ;; The units go in blocks of 26 and 24 ($blocks26), then 10, then pairs, then one ($gather…).
  (func (export "sparse_affine")
    (param $rowStart i32) (param $index i32) (param $value i32)
    (param $ids i32) (param $first i32) (param $count i32)
    (param $w i32) (param $b i32) (param $h i32) (param $out i32)
    (local $stride i32) (local $r i32) (local $id i32) (local $o i32) (local $j i32)
    (local $pv0 i32) (local $pi0 i32) (local $pvEnd i32) (local $q i32) (local $k26 i32) (local $n26 i32)
    (local.set $stride (i32.shl (local.get $h) (i32.const 3)))
    (local.set $k26 (call $blocks26 (local.get $h)))
    (local.set $o (local.get $out))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $count)))
        (local.set $id
          (if (result i32) (local.get $ids)
            (then (i32.load (i32.add (local.get $ids) (i32.shl (local.get $r) (i32.const 2)))))
            (else (i32.add (local.get $first) (local.get $r)))))
        (local.set $q (i32.add (local.get $rowStart) (i32.shl (local.get $id) (i32.const 2))))
        (local.set $pv0 (i32.add (local.get $value) (i32.shl (i32.load (local.get $q)) (i32.const 3))))
        (local.set $pi0 (i32.add (local.get $index) (i32.shl (i32.load (local.get $q)) (i32.const 2))))
        (local.set $pvEnd
          (i32.add (local.get $value) (i32.shl (i32.load offset=4 (local.get $q)) (i32.const 3))))
        (local.set $j (i32.const 0))
        (local.set $n26 (local.get $k26))
        (block $d13 (loop $l13
          (br_if $d13 (i32.eqz (local.get $n26)))
          (call $gather13 (local.get $pv0) (local.get $pi0) (local.get $pvEnd)
            (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 3))) (local.get $stride)
            (select (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))) (i32.const 0) (local.get $b))
            (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 3))))
          (local.set $j (i32.add (local.get $j) (i32.const 26)))
          (local.set $n26 (i32.sub (local.get $n26) (i32.const 1)))
          (br $l13)))
        (block $d12 (loop $l12
          (br_if $d12 (i32.gt_u (i32.add (local.get $j) (i32.const 24)) (local.get $h)))
          (call $gather12 (local.get $pv0) (local.get $pi0) (local.get $pvEnd)
            (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 3))) (local.get $stride)
            (select (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))) (i32.const 0) (local.get $b))
            (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 3))))
          (local.set $j (i32.add (local.get $j) (i32.const 24)))
          (br $l12)))
        (block $d5 (loop $l5
          (br_if $d5 (i32.gt_u (i32.add (local.get $j) (i32.const 10)) (local.get $h)))
          (call $gather5 (local.get $pv0) (local.get $pi0) (local.get $pvEnd)
            (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 3))) (local.get $stride)
            (select (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))) (i32.const 0) (local.get $b))
            (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 3))))
          (local.set $j (i32.add (local.get $j) (i32.const 10)))
          (br $l5)))
        (block $d1 (loop $l1
          (br_if $d1 (i32.gt_u (i32.add (local.get $j) (i32.const 2)) (local.get $h)))
          (call $gather1 (local.get $pv0) (local.get $pi0) (local.get $pvEnd)
            (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 3))) (local.get $stride)
            (select (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))) (i32.const 0) (local.get $b))
            (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 3))))
          (local.set $j (i32.add (local.get $j) (i32.const 2)))
          (br $l1)))
        (if (i32.lt_u (local.get $j) (local.get $h))
          (then
            (call $gatherOne (local.get $pv0) (local.get $pi0) (local.get $pvEnd)
              (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 3))) (local.get $stride)
              (select (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))) (i32.const 0) (local.get $b))
              (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 3))))))
        (local.set $o (i32.add (local.get $o) (local.get $stride)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; o[0 … 26) = Σ value[p] · w[index[p] · stride + 0 … 26) over p in [pv, pvEnd) (+ b[0 … 26)
  ;; when b ≠ 0): 26 units of one row of x·W1, summed in column order from +0.
  (func $gather13
    (param $pv i32) (param $pi i32) (param $pvEnd i32) (param $w i32) (param $stride i32)
    (param $b i32) (param $o i32)
    (local $q i32) (local $v v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128) (local $a8 v128) (local $a9 v128) (local $a10 v128) (local $a11 v128) (local $a12 v128)
    (local.set $a0 (v128.const f64x2 0 0))
    (local.set $a1 (v128.const f64x2 0 0))
    (local.set $a2 (v128.const f64x2 0 0))
    (local.set $a3 (v128.const f64x2 0 0))
    (local.set $a4 (v128.const f64x2 0 0))
    (local.set $a5 (v128.const f64x2 0 0))
    (local.set $a6 (v128.const f64x2 0 0))
    (local.set $a7 (v128.const f64x2 0 0))
    (local.set $a8 (v128.const f64x2 0 0))
    (local.set $a9 (v128.const f64x2 0 0))
    (local.set $a10 (v128.const f64x2 0 0))
    (local.set $a11 (v128.const f64x2 0 0))
    (local.set $a12 (v128.const f64x2 0 0))
    (block $done
      (loop $terms
        (br_if $done (i32.ge_u (local.get $pv) (local.get $pvEnd)))
        (local.set $v (v128.load64_splat (local.get $pv)))
        (local.set $q (i32.add (local.get $w) (i32.mul (i32.load (local.get $pi)) (local.get $stride))))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $v) (v128.load offset=0 (local.get $q)))))
        (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $v) (v128.load offset=16 (local.get $q)))))
        (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $v) (v128.load offset=32 (local.get $q)))))
        (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $v) (v128.load offset=48 (local.get $q)))))
        (local.set $a4 (f64x2.add (local.get $a4) (f64x2.mul (local.get $v) (v128.load offset=64 (local.get $q)))))
        (local.set $a5 (f64x2.add (local.get $a5) (f64x2.mul (local.get $v) (v128.load offset=80 (local.get $q)))))
        (local.set $a6 (f64x2.add (local.get $a6) (f64x2.mul (local.get $v) (v128.load offset=96 (local.get $q)))))
        (local.set $a7 (f64x2.add (local.get $a7) (f64x2.mul (local.get $v) (v128.load offset=112 (local.get $q)))))
        (local.set $a8 (f64x2.add (local.get $a8) (f64x2.mul (local.get $v) (v128.load offset=128 (local.get $q)))))
        (local.set $a9 (f64x2.add (local.get $a9) (f64x2.mul (local.get $v) (v128.load offset=144 (local.get $q)))))
        (local.set $a10 (f64x2.add (local.get $a10) (f64x2.mul (local.get $v) (v128.load offset=160 (local.get $q)))))
        (local.set $a11 (f64x2.add (local.get $a11) (f64x2.mul (local.get $v) (v128.load offset=176 (local.get $q)))))
        (local.set $a12 (f64x2.add (local.get $a12) (f64x2.mul (local.get $v) (v128.load offset=192 (local.get $q)))))
        (local.set $pv (i32.add (local.get $pv) (i32.const 8)))
        (local.set $pi (i32.add (local.get $pi) (i32.const 4)))
        (br $terms)))
    (if (local.get $b)
      (then
        (local.set $a0 (f64x2.add (local.get $a0) (v128.load offset=0 (local.get $b))))
        (local.set $a1 (f64x2.add (local.get $a1) (v128.load offset=16 (local.get $b))))
        (local.set $a2 (f64x2.add (local.get $a2) (v128.load offset=32 (local.get $b))))
        (local.set $a3 (f64x2.add (local.get $a3) (v128.load offset=48 (local.get $b))))
        (local.set $a4 (f64x2.add (local.get $a4) (v128.load offset=64 (local.get $b))))
        (local.set $a5 (f64x2.add (local.get $a5) (v128.load offset=80 (local.get $b))))
        (local.set $a6 (f64x2.add (local.get $a6) (v128.load offset=96 (local.get $b))))
        (local.set $a7 (f64x2.add (local.get $a7) (v128.load offset=112 (local.get $b))))
        (local.set $a8 (f64x2.add (local.get $a8) (v128.load offset=128 (local.get $b))))
        (local.set $a9 (f64x2.add (local.get $a9) (v128.load offset=144 (local.get $b))))
        (local.set $a10 (f64x2.add (local.get $a10) (v128.load offset=160 (local.get $b))))
        (local.set $a11 (f64x2.add (local.get $a11) (v128.load offset=176 (local.get $b))))
        (local.set $a12 (f64x2.add (local.get $a12) (v128.load offset=192 (local.get $b))))))
    (v128.store offset=0 (local.get $o) (local.get $a0))
    (v128.store offset=16 (local.get $o) (local.get $a1))
    (v128.store offset=32 (local.get $o) (local.get $a2))
    (v128.store offset=48 (local.get $o) (local.get $a3))
    (v128.store offset=64 (local.get $o) (local.get $a4))
    (v128.store offset=80 (local.get $o) (local.get $a5))
    (v128.store offset=96 (local.get $o) (local.get $a6))
    (v128.store offset=112 (local.get $o) (local.get $a7))
    (v128.store offset=128 (local.get $o) (local.get $a8))
    (v128.store offset=144 (local.get $o) (local.get $a9))
    (v128.store offset=160 (local.get $o) (local.get $a10))
    (v128.store offset=176 (local.get $o) (local.get $a11))
    (v128.store offset=192 (local.get $o) (local.get $a12)))

  ;; o[0 … 24) = Σ value[p] · w[index[p] · stride + 0 … 24) over p in [pv, pvEnd) (+ b[0 … 24)
  ;; when b ≠ 0): 24 units of one row of x·W1, summed in column order from +0.
  (func $gather12
    (param $pv i32) (param $pi i32) (param $pvEnd i32) (param $w i32) (param $stride i32)
    (param $b i32) (param $o i32)
    (local $q i32) (local $v v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128) (local $a8 v128) (local $a9 v128) (local $a10 v128) (local $a11 v128)
    (local.set $a0 (v128.const f64x2 0 0))
    (local.set $a1 (v128.const f64x2 0 0))
    (local.set $a2 (v128.const f64x2 0 0))
    (local.set $a3 (v128.const f64x2 0 0))
    (local.set $a4 (v128.const f64x2 0 0))
    (local.set $a5 (v128.const f64x2 0 0))
    (local.set $a6 (v128.const f64x2 0 0))
    (local.set $a7 (v128.const f64x2 0 0))
    (local.set $a8 (v128.const f64x2 0 0))
    (local.set $a9 (v128.const f64x2 0 0))
    (local.set $a10 (v128.const f64x2 0 0))
    (local.set $a11 (v128.const f64x2 0 0))
    (block $done
      (loop $terms
        (br_if $done (i32.ge_u (local.get $pv) (local.get $pvEnd)))
        (local.set $v (v128.load64_splat (local.get $pv)))
        (local.set $q (i32.add (local.get $w) (i32.mul (i32.load (local.get $pi)) (local.get $stride))))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $v) (v128.load offset=0 (local.get $q)))))
        (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $v) (v128.load offset=16 (local.get $q)))))
        (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $v) (v128.load offset=32 (local.get $q)))))
        (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $v) (v128.load offset=48 (local.get $q)))))
        (local.set $a4 (f64x2.add (local.get $a4) (f64x2.mul (local.get $v) (v128.load offset=64 (local.get $q)))))
        (local.set $a5 (f64x2.add (local.get $a5) (f64x2.mul (local.get $v) (v128.load offset=80 (local.get $q)))))
        (local.set $a6 (f64x2.add (local.get $a6) (f64x2.mul (local.get $v) (v128.load offset=96 (local.get $q)))))
        (local.set $a7 (f64x2.add (local.get $a7) (f64x2.mul (local.get $v) (v128.load offset=112 (local.get $q)))))
        (local.set $a8 (f64x2.add (local.get $a8) (f64x2.mul (local.get $v) (v128.load offset=128 (local.get $q)))))
        (local.set $a9 (f64x2.add (local.get $a9) (f64x2.mul (local.get $v) (v128.load offset=144 (local.get $q)))))
        (local.set $a10 (f64x2.add (local.get $a10) (f64x2.mul (local.get $v) (v128.load offset=160 (local.get $q)))))
        (local.set $a11 (f64x2.add (local.get $a11) (f64x2.mul (local.get $v) (v128.load offset=176 (local.get $q)))))
        (local.set $pv (i32.add (local.get $pv) (i32.const 8)))
        (local.set $pi (i32.add (local.get $pi) (i32.const 4)))
        (br $terms)))
    (if (local.get $b)
      (then
        (local.set $a0 (f64x2.add (local.get $a0) (v128.load offset=0 (local.get $b))))
        (local.set $a1 (f64x2.add (local.get $a1) (v128.load offset=16 (local.get $b))))
        (local.set $a2 (f64x2.add (local.get $a2) (v128.load offset=32 (local.get $b))))
        (local.set $a3 (f64x2.add (local.get $a3) (v128.load offset=48 (local.get $b))))
        (local.set $a4 (f64x2.add (local.get $a4) (v128.load offset=64 (local.get $b))))
        (local.set $a5 (f64x2.add (local.get $a5) (v128.load offset=80 (local.get $b))))
        (local.set $a6 (f64x2.add (local.get $a6) (v128.load offset=96 (local.get $b))))
        (local.set $a7 (f64x2.add (local.get $a7) (v128.load offset=112 (local.get $b))))
        (local.set $a8 (f64x2.add (local.get $a8) (v128.load offset=128 (local.get $b))))
        (local.set $a9 (f64x2.add (local.get $a9) (v128.load offset=144 (local.get $b))))
        (local.set $a10 (f64x2.add (local.get $a10) (v128.load offset=160 (local.get $b))))
        (local.set $a11 (f64x2.add (local.get $a11) (v128.load offset=176 (local.get $b))))))
    (v128.store offset=0 (local.get $o) (local.get $a0))
    (v128.store offset=16 (local.get $o) (local.get $a1))
    (v128.store offset=32 (local.get $o) (local.get $a2))
    (v128.store offset=48 (local.get $o) (local.get $a3))
    (v128.store offset=64 (local.get $o) (local.get $a4))
    (v128.store offset=80 (local.get $o) (local.get $a5))
    (v128.store offset=96 (local.get $o) (local.get $a6))
    (v128.store offset=112 (local.get $o) (local.get $a7))
    (v128.store offset=128 (local.get $o) (local.get $a8))
    (v128.store offset=144 (local.get $o) (local.get $a9))
    (v128.store offset=160 (local.get $o) (local.get $a10))
    (v128.store offset=176 (local.get $o) (local.get $a11)))

  ;; o[0 … 10) = Σ value[p] · w[index[p] · stride + 0 … 10) over p in [pv, pvEnd) (+ b[0 … 10)
  ;; when b ≠ 0): 10 units of one row of x·W1, summed in column order from +0.
  (func $gather5
    (param $pv i32) (param $pi i32) (param $pvEnd i32) (param $w i32) (param $stride i32)
    (param $b i32) (param $o i32)
    (local $q i32) (local $v v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128)
    (local.set $a0 (v128.const f64x2 0 0))
    (local.set $a1 (v128.const f64x2 0 0))
    (local.set $a2 (v128.const f64x2 0 0))
    (local.set $a3 (v128.const f64x2 0 0))
    (local.set $a4 (v128.const f64x2 0 0))
    (block $done
      (loop $terms
        (br_if $done (i32.ge_u (local.get $pv) (local.get $pvEnd)))
        (local.set $v (v128.load64_splat (local.get $pv)))
        (local.set $q (i32.add (local.get $w) (i32.mul (i32.load (local.get $pi)) (local.get $stride))))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $v) (v128.load offset=0 (local.get $q)))))
        (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $v) (v128.load offset=16 (local.get $q)))))
        (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $v) (v128.load offset=32 (local.get $q)))))
        (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $v) (v128.load offset=48 (local.get $q)))))
        (local.set $a4 (f64x2.add (local.get $a4) (f64x2.mul (local.get $v) (v128.load offset=64 (local.get $q)))))
        (local.set $pv (i32.add (local.get $pv) (i32.const 8)))
        (local.set $pi (i32.add (local.get $pi) (i32.const 4)))
        (br $terms)))
    (if (local.get $b)
      (then
        (local.set $a0 (f64x2.add (local.get $a0) (v128.load offset=0 (local.get $b))))
        (local.set $a1 (f64x2.add (local.get $a1) (v128.load offset=16 (local.get $b))))
        (local.set $a2 (f64x2.add (local.get $a2) (v128.load offset=32 (local.get $b))))
        (local.set $a3 (f64x2.add (local.get $a3) (v128.load offset=48 (local.get $b))))
        (local.set $a4 (f64x2.add (local.get $a4) (v128.load offset=64 (local.get $b))))))
    (v128.store offset=0 (local.get $o) (local.get $a0))
    (v128.store offset=16 (local.get $o) (local.get $a1))
    (v128.store offset=32 (local.get $o) (local.get $a2))
    (v128.store offset=48 (local.get $o) (local.get $a3))
    (v128.store offset=64 (local.get $o) (local.get $a4)))

  ;; o[0 … 2) = Σ value[p] · w[index[p] · stride + 0 … 2) over p in [pv, pvEnd) (+ b[0 … 2)
  ;; when b ≠ 0): 2 units of one row of x·W1, summed in column order from +0.
  (func $gather1
    (param $pv i32) (param $pi i32) (param $pvEnd i32) (param $w i32) (param $stride i32)
    (param $b i32) (param $o i32)
    (local $q i32) (local $v v128) (local $a0 v128)
    (local.set $a0 (v128.const f64x2 0 0))
    (block $done
      (loop $terms
        (br_if $done (i32.ge_u (local.get $pv) (local.get $pvEnd)))
        (local.set $v (v128.load64_splat (local.get $pv)))
        (local.set $q (i32.add (local.get $w) (i32.mul (i32.load (local.get $pi)) (local.get $stride))))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $v) (v128.load offset=0 (local.get $q)))))
        (local.set $pv (i32.add (local.get $pv) (i32.const 8)))
        (local.set $pi (i32.add (local.get $pi) (i32.const 4)))
        (br $terms)))
    (if (local.get $b)
      (then
        (local.set $a0 (f64x2.add (local.get $a0) (v128.load offset=0 (local.get $b))))))
    (v128.store offset=0 (local.get $o) (local.get $a0)))

  ;; The last unit when h is odd: o[0] = Σ value[p] · w[index[p] · stride] (+ b[0]).
  (func $gatherOne
    (param $pv i32) (param $pi i32) (param $pvEnd i32) (param $w i32) (param $stride i32)
    (param $b i32) (param $o i32)
    (local $s f64)
    (block $done
      (loop $terms
        (br_if $done (i32.ge_u (local.get $pv) (local.get $pvEnd)))
        (local.set $s
          (f64.add (local.get $s)
            (f64.mul (f64.load (local.get $pv))
              (f64.load (i32.add (local.get $w) (i32.mul (i32.load (local.get $pi)) (local.get $stride)))))))
        (local.set $pv (i32.add (local.get $pv) (i32.const 8)))
        (local.set $pi (i32.add (local.get $pi) (i32.const 4)))
        (br $terms)))
    (if (local.get $b) (then (local.set $s (f64.add (local.get $s) (f64.load (local.get $b))))))
    (f64.store (local.get $o) (local.get $s)))

  ;; out[r, :] = a[r, :] · w (+ b): a is n × k, w is k × m, out is n × m, b (m, or 0
  ;; for none) added after the sum. Each element is summed over p = 0, 1, … from +0,
  ;; as matMul then addRowVectorInPlace.
  (func (export "dense_affine")
    (param $a i32) (param $n i32) (param $k i32) (param $w i32) (param $m i32)
    (param $b i32) (param $out i32)
    (local $wStride i32) (local $aStride i32) (local $r i32) (local $ar i32) (local $arEnd i32)
    (local $o i32) (local $j i32) (local $pa i32) (local $q i32) (local $v v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128)
    (local $s f64)
    (local.set $wStride (i32.shl (local.get $m) (i32.const 3)))
    (local.set $aStride (i32.shl (local.get $k) (i32.const 3)))
    (local.set $ar (local.get $a))
    (local.set $o (local.get $out))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $arEnd (i32.add (local.get $ar) (local.get $aStride)))
        (local.set $j (i32.const 0))
        (block $blocksDone
          (loop $blocks
            (br_if $blocksDone (i32.gt_u (i32.add (local.get $j) (i32.const 10)) (local.get $m)))
            (local.set $q (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $a0 (v128.const f64x2 0 0))
            (local.set $a1 (v128.const f64x2 0 0))
            (local.set $a2 (v128.const f64x2 0 0))
            (local.set $a3 (v128.const f64x2 0 0))
            (local.set $a4 (v128.const f64x2 0 0))
            (local.set $pa (local.get $ar))
            (block $termsDone
              (loop $terms
                (br_if $termsDone (i32.ge_u (local.get $pa) (local.get $arEnd)))
                (local.set $v (v128.load64_splat (local.get $pa)))
                (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $v) (v128.load offset=0 (local.get $q)))))
                (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $v) (v128.load offset=16 (local.get $q)))))
                (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $v) (v128.load offset=32 (local.get $q)))))
                (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $v) (v128.load offset=48 (local.get $q)))))
                (local.set $a4 (f64x2.add (local.get $a4) (f64x2.mul (local.get $v) (v128.load offset=64 (local.get $q)))))
                (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                (local.set $q (i32.add (local.get $q) (local.get $wStride)))
                (br $terms)))
            (if (local.get $b)
              (then
                (local.set $q (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
                (local.set $a0 (f64x2.add (local.get $a0) (v128.load offset=0 (local.get $q))))
                (local.set $a1 (f64x2.add (local.get $a1) (v128.load offset=16 (local.get $q))))
                (local.set $a2 (f64x2.add (local.get $a2) (v128.load offset=32 (local.get $q))))
                (local.set $a3 (f64x2.add (local.get $a3) (v128.load offset=48 (local.get $q))))
                (local.set $a4 (f64x2.add (local.get $a4) (v128.load offset=64 (local.get $q))))))
            (local.set $q (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 3))))
            (v128.store offset=0 (local.get $q) (local.get $a0))
            (v128.store offset=16 (local.get $q) (local.get $a1))
            (v128.store offset=32 (local.get $q) (local.get $a2))
            (v128.store offset=48 (local.get $q) (local.get $a3))
            (v128.store offset=64 (local.get $q) (local.get $a4))
            (local.set $j (i32.add (local.get $j) (i32.const 10)))
            (br $blocks)))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.gt_u (i32.add (local.get $j) (i32.const 2)) (local.get $m)))
            (local.set $q (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $a0 (v128.const f64x2 0 0))
            (local.set $pa (local.get $ar))
            (block $termsDone
              (loop $terms
                (br_if $termsDone (i32.ge_u (local.get $pa) (local.get $arEnd)))
                (local.set $a0
                  (f64x2.add (local.get $a0)
                    (f64x2.mul (v128.load64_splat (local.get $pa)) (v128.load (local.get $q)))))
                (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                (local.set $q (i32.add (local.get $q) (local.get $wStride)))
                (br $terms)))
            (if (local.get $b)
              (then
                (local.set $a0
                  (f64x2.add (local.get $a0)
                    (v128.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))))))
            (v128.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 3))) (local.get $a0))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $pairs)))
        (if (i32.lt_u (local.get $j) (local.get $m))
          (then
            (local.set $q (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $s (f64.const 0))
            (local.set $pa (local.get $ar))
            (block $termsDone
              (loop $terms
                (br_if $termsDone (i32.ge_u (local.get $pa) (local.get $arEnd)))
                (local.set $s
                  (f64.add (local.get $s) (f64.mul (f64.load (local.get $pa)) (f64.load (local.get $q)))))
                (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                (local.set $q (i32.add (local.get $q) (local.get $wStride)))
                (br $terms)))
            (if (local.get $b)
              (then
                (local.set $s
                  (f64.add (local.get $s)
                    (f64.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))))))
            (f64.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 3))) (local.get $s))))
        (local.set $ar (local.get $arEnd))
        (local.set $o (i32.add (local.get $o) (local.get $wStride)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; out = aᵀ · d: a is n × k, d is n × m, out is k × m; element (i, j) is summed
  ;; over the rows r = 0, 1, … from +0, as matMulTransposeA (np.dot(z1.T, dy)).
  ;; Written as "for each i, a column of a times d" so the partial sums stay in locals.
  (func (export "transpose_a_mul")
    (param $a i32) (param $n i32) (param $k i32) (param $d i32) (param $m i32) (param $out i32)
    (local $aStride i32) (local $dStride i32) (local $i i32) (local $j i32) (local $o i32)
    (local $pa i32) (local $paEnd i32) (local $q i32) (local $v v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128)
    (local $s f64)
    (local.set $aStride (i32.shl (local.get $k) (i32.const 3)))
    (local.set $dStride (i32.shl (local.get $m) (i32.const 3)))
    (local.set $o (local.get $out))
    (block $colsDone
      (loop $cols
        (br_if $colsDone (i32.ge_u (local.get $i) (local.get $k)))
        (local.set $paEnd
          (i32.add (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 3)))
            (i32.mul (local.get $n) (local.get $aStride))))
        (local.set $j (i32.const 0))
        (block $blocksDone
          (loop $blocks
            (br_if $blocksDone (i32.gt_u (i32.add (local.get $j) (i32.const 10)) (local.get $m)))
            (local.set $q (i32.add (local.get $d) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $a0 (v128.const f64x2 0 0))
            (local.set $a1 (v128.const f64x2 0 0))
            (local.set $a2 (v128.const f64x2 0 0))
            (local.set $a3 (v128.const f64x2 0 0))
            (local.set $a4 (v128.const f64x2 0 0))
            (local.set $pa (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 3))))
            (block $termsDone
              (loop $terms
                (br_if $termsDone (i32.ge_u (local.get $pa) (local.get $paEnd)))
                (local.set $v (v128.load64_splat (local.get $pa)))
                (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $v) (v128.load offset=0 (local.get $q)))))
                (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $v) (v128.load offset=16 (local.get $q)))))
                (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $v) (v128.load offset=32 (local.get $q)))))
                (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $v) (v128.load offset=48 (local.get $q)))))
                (local.set $a4 (f64x2.add (local.get $a4) (f64x2.mul (local.get $v) (v128.load offset=64 (local.get $q)))))
                (local.set $pa (i32.add (local.get $pa) (local.get $aStride)))
                (local.set $q (i32.add (local.get $q) (local.get $dStride)))
                (br $terms)))
            (local.set $q (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 3))))
            (v128.store offset=0 (local.get $q) (local.get $a0))
            (v128.store offset=16 (local.get $q) (local.get $a1))
            (v128.store offset=32 (local.get $q) (local.get $a2))
            (v128.store offset=48 (local.get $q) (local.get $a3))
            (v128.store offset=64 (local.get $q) (local.get $a4))
            (local.set $j (i32.add (local.get $j) (i32.const 10)))
            (br $blocks)))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.gt_u (i32.add (local.get $j) (i32.const 2)) (local.get $m)))
            (local.set $q (i32.add (local.get $d) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $a0 (v128.const f64x2 0 0))
            (local.set $pa (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 3))))
            (block $termsDone
              (loop $terms
                (br_if $termsDone (i32.ge_u (local.get $pa) (local.get $paEnd)))
                (local.set $a0
                  (f64x2.add (local.get $a0)
                    (f64x2.mul (v128.load64_splat (local.get $pa)) (v128.load (local.get $q)))))
                (local.set $pa (i32.add (local.get $pa) (local.get $aStride)))
                (local.set $q (i32.add (local.get $q) (local.get $dStride)))
                (br $terms)))
            (v128.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 3))) (local.get $a0))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $pairs)))
        (if (i32.lt_u (local.get $j) (local.get $m))
          (then
            (local.set $q (i32.add (local.get $d) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $s (f64.const 0))
            (local.set $pa (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 3))))
            (block $termsDone
              (loop $terms
                (br_if $termsDone (i32.ge_u (local.get $pa) (local.get $paEnd)))
                (local.set $s
                  (f64.add (local.get $s) (f64.mul (f64.load (local.get $pa)) (f64.load (local.get $q)))))
                (local.set $pa (i32.add (local.get $pa) (local.get $aStride)))
                (local.set $q (i32.add (local.get $q) (local.get $dStride)))
                (br $terms)))
            (f64.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 3))) (local.get $s))))
        (local.set $o (i32.add (local.get $o) (local.get $dStride)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $cols))))

  ;; Column lists of a batch of sparse rows (the batch's compressed columns),
  ;; so that xᵀ·d can keep its sums in locals. The batch's row r is data row
  ;; id = ids[r]; its entries used here are p in [lo[id], hi[id]), where lo and
  ;; hi are i32 arrays read with a stride of `stride` bytes (the row starts and
  ;; ends, or a shard's share of each row; see the engine), all with columns in
  ;; [colLo, colLo + cols). Column c's list is (cscOff[q], cscVal[q]) for q in
  ;; [(c − colLo)·cap, (c − colLo)·cap + counts[c − colLo]): a slot of cap
  ;; entries per column (a column has at most one entry per batch row, so
  ;; cap = the batch size suffices), which spares counting before placing.
  ;; cscOff is r · h · 8, the byte offset of row r of a count × h matrix, and
  ;; the rows r ascend (the batch order, which is the order of the sums).
  (func (export "batch_columns")
    (param $lo i32) (param $hi i32) (param $stride i32) (param $index i32) (param $value i32)
    (param $ids i32) (param $count i32) (param $colLo i32) (param $cols i32) (param $h i32)
    (param $counts i32) (param $cscOff i32) (param $cscVal i32) (param $cap i32)
    (local $r i32) (local $q i32) (local $pi i32) (local $piEnd i32) (local $pv i32)
    (local $c i32) (local $t i32) (local $n i32) (local $rowOff i32) (local $rowBytes i32)
    (local $off i32)
    (memory.fill (local.get $counts) (i32.const 0) (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $rowBytes (i32.shl (local.get $h) (i32.const 3)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $count)))
        (local.set $off
          (i32.mul (i32.load (i32.add (local.get $ids) (i32.shl (local.get $r) (i32.const 2)))) (local.get $stride)))
        (local.set $q (i32.load (i32.add (local.get $lo) (local.get $off))))
        (local.set $pi (i32.add (local.get $index) (i32.shl (local.get $q) (i32.const 2))))
        (local.set $pv (i32.add (local.get $value) (i32.shl (local.get $q) (i32.const 3))))
        (local.set $piEnd (i32.add (local.get $index) (i32.shl (i32.load (i32.add (local.get $hi) (local.get $off))) (i32.const 2))))
        (block $termsDone
          (loop $terms
            (br_if $termsDone (i32.ge_u (local.get $pi) (local.get $piEnd)))
            (local.set $c (i32.sub (i32.load (local.get $pi)) (local.get $colLo)))
            (local.set $t (i32.add (local.get $counts) (i32.shl (local.get $c) (i32.const 2))))
            (local.set $n (i32.load (local.get $t)))
            (i32.store (local.get $t) (i32.add (local.get $n) (i32.const 1)))
            (local.set $q (i32.add (i32.mul (local.get $c) (local.get $cap)) (local.get $n)))
            (i32.store (i32.add (local.get $cscOff) (i32.shl (local.get $q) (i32.const 2))) (local.get $rowOff))
            (f64.store (i32.add (local.get $cscVal) (i32.shl (local.get $q) (i32.const 3))) (f64.load (local.get $pv)))
            (local.set $pi (i32.add (local.get $pi) (i32.const 4)))
            (local.set $pv (i32.add (local.get $pv) (i32.const 8)))
            (br $terms)))
        (local.set $rowOff (i32.add (local.get $rowOff) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; xᵀ · d for a batch in column lists (batch_columns, slots of cap), d count × h: row c of the
  ;; result is summed over the batch rows with a nonzero in column c, ascending,
  ;; from +0 — sparseMatMulTransposeA's sums (np.dot(x.T, dz1)). Stored in out
  ;; (cols × h), or with update ≠ 0 applied as out −= lr · result (the W1 update
  ;; fused with its gradient, which is then never stored; a column without
  ;; entries has a +0 gradient and leaves its row as it is, so it is skipped).
  ;; Returns 0 when an updated element is not finite. Blocks as sparse_affine.
  (func $columns
    (param $counts i32) (param $cscOff i32) (param $cscVal i32) (param $cols i32) (param $cap i32)
    (param $d i32) (param $h i32) (param $out i32) (param $lr f64) (param $update i32) (result i32)
    (local $c i32) (local $o i32) (local $j i32) (local $stride i32) (local $q i32)
    (local $pv0 i32) (local $pi0 i32) (local $pvEnd i32) (local $finite i32) (local $k26 i32)
    (local $n26 i32)
    (local.set $finite (i32.const 1))
    (local.set $k26 (call $blocks26 (local.get $h)))
    (local.set $stride (i32.shl (local.get $h) (i32.const 3)))
    (local.set $o (local.get $out))
    (block $colsDone
      (loop $colsLoop
        (br_if $colsDone (i32.ge_u (local.get $c) (local.get $cols)))
        (local.set $q (i32.mul (local.get $c) (local.get $cap)))
        (local.set $pv0 (i32.add (local.get $cscVal) (i32.shl (local.get $q) (i32.const 3))))
        (local.set $pi0 (i32.add (local.get $cscOff) (i32.shl (local.get $q) (i32.const 2))))
        (local.set $pvEnd
          (i32.add (local.get $pv0)
            (i32.shl (i32.load (i32.add (local.get $counts) (i32.shl (local.get $c) (i32.const 2)))) (i32.const 3))))
        (local.set $j (i32.const 0))
        (local.set $n26 (local.get $k26))
        (if (i32.and (local.get $update) (i32.eq (local.get $pv0) (local.get $pvEnd)))
          (then (local.set $j (local.get $h)) (local.set $n26 (i32.const 0))))
        (block $d13 (loop $l13
          (br_if $d13 (i32.eqz (local.get $n26)))
          (local.set $finite (i32.and (local.get $finite)
            (call $reduce13 (local.get $pv0) (local.get $pi0) (local.get $pvEnd)
              (i32.add (local.get $d) (i32.shl (local.get $j) (i32.const 3)))
              (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 3)))
              (local.get $lr) (local.get $update))))
          (local.set $j (i32.add (local.get $j) (i32.const 26)))
          (local.set $n26 (i32.sub (local.get $n26) (i32.const 1)))
          (br $l13)))
        (block $d12 (loop $l12
          (br_if $d12 (i32.gt_u (i32.add (local.get $j) (i32.const 24)) (local.get $h)))
          (local.set $finite (i32.and (local.get $finite)
            (call $reduce12 (local.get $pv0) (local.get $pi0) (local.get $pvEnd)
              (i32.add (local.get $d) (i32.shl (local.get $j) (i32.const 3)))
              (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 3)))
              (local.get $lr) (local.get $update))))
          (local.set $j (i32.add (local.get $j) (i32.const 24)))
          (br $l12)))
        (block $d5 (loop $l5
          (br_if $d5 (i32.gt_u (i32.add (local.get $j) (i32.const 10)) (local.get $h)))
          (local.set $finite (i32.and (local.get $finite)
            (call $reduce5 (local.get $pv0) (local.get $pi0) (local.get $pvEnd)
              (i32.add (local.get $d) (i32.shl (local.get $j) (i32.const 3)))
              (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 3)))
              (local.get $lr) (local.get $update))))
          (local.set $j (i32.add (local.get $j) (i32.const 10)))
          (br $l5)))
        (block $d1 (loop $l1
          (br_if $d1 (i32.gt_u (i32.add (local.get $j) (i32.const 2)) (local.get $h)))
          (local.set $finite (i32.and (local.get $finite)
            (call $reduce1 (local.get $pv0) (local.get $pi0) (local.get $pvEnd)
              (i32.add (local.get $d) (i32.shl (local.get $j) (i32.const 3)))
              (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 3)))
              (local.get $lr) (local.get $update))))
          (local.set $j (i32.add (local.get $j) (i32.const 2)))
          (br $l1)))
        (if (i32.lt_u (local.get $j) (local.get $h))
          (then
            (local.set $finite (i32.and (local.get $finite)
              (call $reduceOne (local.get $pv0) (local.get $pi0) (local.get $pvEnd)
                (i32.add (local.get $d) (i32.shl (local.get $j) (i32.const 3)))
                (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 3)))
                (local.get $lr) (local.get $update))))))
        (local.set $o (i32.add (local.get $o) (local.get $stride)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $colsLoop)))
    (local.get $finite))

  ;; out = xᵀ · d for a batch in column lists (see $columns).
  (func (export "columns_transpose_mul")
    (param $counts i32) (param $cscOff i32) (param $cscVal i32) (param $cols i32) (param $cap i32)
    (param $d i32) (param $h i32) (param $out i32)
    (drop (call $columns (local.get $counts) (local.get $cscOff) (local.get $cscVal) (local.get $cols)
      (local.get $cap) (local.get $d) (local.get $h) (local.get $out) (f64.const 0) (i32.const 0))))

  ;; w −= lr · (xᵀ · d) (see $columns); returns 1 when every updated element is finite.
  (func (export "columns_update")
    (param $counts i32) (param $cscOff i32) (param $cscVal i32) (param $cols i32) (param $cap i32)
    (param $d i32) (param $h i32) (param $w i32) (param $lr f64) (result i32)
    (call $columns (local.get $counts) (local.get $cscOff) (local.get $cscVal) (local.get $cols)
      (local.get $cap) (local.get $d) (local.get $h) (local.get $w) (local.get $lr) (i32.const 1)))

  ;; g[0 … 26) = Σ cscVal[q] · d[cscOff[q] + 0 … 26) over q in [pv, pvEnd) — 26 units of one
  ;; row of xᵀ·d, summed over the batch rows in order from +0 — stored in o, or with
  ;; update ≠ 0 applied as o −= lr · g. Returns 0 when an updated element is not finite.
  (func $reduce13
    (param $pv i32) (param $pi i32) (param $pvEnd i32) (param $d i32) (param $o i32)
    (param $lr f64) (param $update i32) (result i32)
    (local $q i32) (local $v v128) (local $lrv v128) (local $check v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128) (local $a8 v128) (local $a9 v128) (local $a10 v128) (local $a11 v128) (local $a12 v128)
    (local.set $a0 (v128.const f64x2 0 0))
    (local.set $a1 (v128.const f64x2 0 0))
    (local.set $a2 (v128.const f64x2 0 0))
    (local.set $a3 (v128.const f64x2 0 0))
    (local.set $a4 (v128.const f64x2 0 0))
    (local.set $a5 (v128.const f64x2 0 0))
    (local.set $a6 (v128.const f64x2 0 0))
    (local.set $a7 (v128.const f64x2 0 0))
    (local.set $a8 (v128.const f64x2 0 0))
    (local.set $a9 (v128.const f64x2 0 0))
    (local.set $a10 (v128.const f64x2 0 0))
    (local.set $a11 (v128.const f64x2 0 0))
    (local.set $a12 (v128.const f64x2 0 0))
    (block $done
      (loop $terms
        (br_if $done (i32.ge_u (local.get $pv) (local.get $pvEnd)))
        (local.set $v (v128.load64_splat (local.get $pv)))
        (local.set $q (i32.add (local.get $d) (i32.load (local.get $pi))))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $v) (v128.load offset=0 (local.get $q)))))
        (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $v) (v128.load offset=16 (local.get $q)))))
        (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $v) (v128.load offset=32 (local.get $q)))))
        (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $v) (v128.load offset=48 (local.get $q)))))
        (local.set $a4 (f64x2.add (local.get $a4) (f64x2.mul (local.get $v) (v128.load offset=64 (local.get $q)))))
        (local.set $a5 (f64x2.add (local.get $a5) (f64x2.mul (local.get $v) (v128.load offset=80 (local.get $q)))))
        (local.set $a6 (f64x2.add (local.get $a6) (f64x2.mul (local.get $v) (v128.load offset=96 (local.get $q)))))
        (local.set $a7 (f64x2.add (local.get $a7) (f64x2.mul (local.get $v) (v128.load offset=112 (local.get $q)))))
        (local.set $a8 (f64x2.add (local.get $a8) (f64x2.mul (local.get $v) (v128.load offset=128 (local.get $q)))))
        (local.set $a9 (f64x2.add (local.get $a9) (f64x2.mul (local.get $v) (v128.load offset=144 (local.get $q)))))
        (local.set $a10 (f64x2.add (local.get $a10) (f64x2.mul (local.get $v) (v128.load offset=160 (local.get $q)))))
        (local.set $a11 (f64x2.add (local.get $a11) (f64x2.mul (local.get $v) (v128.load offset=176 (local.get $q)))))
        (local.set $a12 (f64x2.add (local.get $a12) (f64x2.mul (local.get $v) (v128.load offset=192 (local.get $q)))))
        (local.set $pv (i32.add (local.get $pv) (i32.const 8)))
        (local.set $pi (i32.add (local.get $pi) (i32.const 4)))
        (br $terms)))
    (if (local.get $update)
      (then
        (local.set $lrv (f64x2.splat (local.get $lr)))
        (local.set $a0 (f64x2.sub (v128.load offset=0 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a0))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a0) (local.get $a0))))
        (local.set $a1 (f64x2.sub (v128.load offset=16 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a1))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a1) (local.get $a1))))
        (local.set $a2 (f64x2.sub (v128.load offset=32 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a2))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a2) (local.get $a2))))
        (local.set $a3 (f64x2.sub (v128.load offset=48 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a3))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a3) (local.get $a3))))
        (local.set $a4 (f64x2.sub (v128.load offset=64 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a4))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a4) (local.get $a4))))
        (local.set $a5 (f64x2.sub (v128.load offset=80 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a5))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a5) (local.get $a5))))
        (local.set $a6 (f64x2.sub (v128.load offset=96 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a6))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a6) (local.get $a6))))
        (local.set $a7 (f64x2.sub (v128.load offset=112 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a7))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a7) (local.get $a7))))
        (local.set $a8 (f64x2.sub (v128.load offset=128 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a8))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a8) (local.get $a8))))
        (local.set $a9 (f64x2.sub (v128.load offset=144 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a9))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a9) (local.get $a9))))
        (local.set $a10 (f64x2.sub (v128.load offset=160 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a10))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a10) (local.get $a10))))
        (local.set $a11 (f64x2.sub (v128.load offset=176 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a11))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a11) (local.get $a11))))
        (local.set $a12 (f64x2.sub (v128.load offset=192 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a12))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a12) (local.get $a12))))))
    (v128.store offset=0 (local.get $o) (local.get $a0))
    (v128.store offset=16 (local.get $o) (local.get $a1))
    (v128.store offset=32 (local.get $o) (local.get $a2))
    (v128.store offset=48 (local.get $o) (local.get $a3))
    (v128.store offset=64 (local.get $o) (local.get $a4))
    (v128.store offset=80 (local.get $o) (local.get $a5))
    (v128.store offset=96 (local.get $o) (local.get $a6))
    (v128.store offset=112 (local.get $o) (local.get $a7))
    (v128.store offset=128 (local.get $o) (local.get $a8))
    (v128.store offset=144 (local.get $o) (local.get $a9))
    (v128.store offset=160 (local.get $o) (local.get $a10))
    (v128.store offset=176 (local.get $o) (local.get $a11))
    (v128.store offset=192 (local.get $o) (local.get $a12))
    ;; x − x is +0 for finite x and NaN for ±Infinity or NaN
    (i64x2.all_true (f64x2.eq (local.get $check) (local.get $check))))

  ;; g[0 … 24) = Σ cscVal[q] · d[cscOff[q] + 0 … 24) over q in [pv, pvEnd) — 24 units of one
  ;; row of xᵀ·d, summed over the batch rows in order from +0 — stored in o, or with
  ;; update ≠ 0 applied as o −= lr · g. Returns 0 when an updated element is not finite.
  (func $reduce12
    (param $pv i32) (param $pi i32) (param $pvEnd i32) (param $d i32) (param $o i32)
    (param $lr f64) (param $update i32) (result i32)
    (local $q i32) (local $v v128) (local $lrv v128) (local $check v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128) (local $a8 v128) (local $a9 v128) (local $a10 v128) (local $a11 v128)
    (local.set $a0 (v128.const f64x2 0 0))
    (local.set $a1 (v128.const f64x2 0 0))
    (local.set $a2 (v128.const f64x2 0 0))
    (local.set $a3 (v128.const f64x2 0 0))
    (local.set $a4 (v128.const f64x2 0 0))
    (local.set $a5 (v128.const f64x2 0 0))
    (local.set $a6 (v128.const f64x2 0 0))
    (local.set $a7 (v128.const f64x2 0 0))
    (local.set $a8 (v128.const f64x2 0 0))
    (local.set $a9 (v128.const f64x2 0 0))
    (local.set $a10 (v128.const f64x2 0 0))
    (local.set $a11 (v128.const f64x2 0 0))
    (block $done
      (loop $terms
        (br_if $done (i32.ge_u (local.get $pv) (local.get $pvEnd)))
        (local.set $v (v128.load64_splat (local.get $pv)))
        (local.set $q (i32.add (local.get $d) (i32.load (local.get $pi))))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $v) (v128.load offset=0 (local.get $q)))))
        (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $v) (v128.load offset=16 (local.get $q)))))
        (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $v) (v128.load offset=32 (local.get $q)))))
        (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $v) (v128.load offset=48 (local.get $q)))))
        (local.set $a4 (f64x2.add (local.get $a4) (f64x2.mul (local.get $v) (v128.load offset=64 (local.get $q)))))
        (local.set $a5 (f64x2.add (local.get $a5) (f64x2.mul (local.get $v) (v128.load offset=80 (local.get $q)))))
        (local.set $a6 (f64x2.add (local.get $a6) (f64x2.mul (local.get $v) (v128.load offset=96 (local.get $q)))))
        (local.set $a7 (f64x2.add (local.get $a7) (f64x2.mul (local.get $v) (v128.load offset=112 (local.get $q)))))
        (local.set $a8 (f64x2.add (local.get $a8) (f64x2.mul (local.get $v) (v128.load offset=128 (local.get $q)))))
        (local.set $a9 (f64x2.add (local.get $a9) (f64x2.mul (local.get $v) (v128.load offset=144 (local.get $q)))))
        (local.set $a10 (f64x2.add (local.get $a10) (f64x2.mul (local.get $v) (v128.load offset=160 (local.get $q)))))
        (local.set $a11 (f64x2.add (local.get $a11) (f64x2.mul (local.get $v) (v128.load offset=176 (local.get $q)))))
        (local.set $pv (i32.add (local.get $pv) (i32.const 8)))
        (local.set $pi (i32.add (local.get $pi) (i32.const 4)))
        (br $terms)))
    (if (local.get $update)
      (then
        (local.set $lrv (f64x2.splat (local.get $lr)))
        (local.set $a0 (f64x2.sub (v128.load offset=0 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a0))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a0) (local.get $a0))))
        (local.set $a1 (f64x2.sub (v128.load offset=16 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a1))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a1) (local.get $a1))))
        (local.set $a2 (f64x2.sub (v128.load offset=32 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a2))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a2) (local.get $a2))))
        (local.set $a3 (f64x2.sub (v128.load offset=48 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a3))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a3) (local.get $a3))))
        (local.set $a4 (f64x2.sub (v128.load offset=64 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a4))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a4) (local.get $a4))))
        (local.set $a5 (f64x2.sub (v128.load offset=80 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a5))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a5) (local.get $a5))))
        (local.set $a6 (f64x2.sub (v128.load offset=96 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a6))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a6) (local.get $a6))))
        (local.set $a7 (f64x2.sub (v128.load offset=112 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a7))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a7) (local.get $a7))))
        (local.set $a8 (f64x2.sub (v128.load offset=128 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a8))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a8) (local.get $a8))))
        (local.set $a9 (f64x2.sub (v128.load offset=144 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a9))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a9) (local.get $a9))))
        (local.set $a10 (f64x2.sub (v128.load offset=160 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a10))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a10) (local.get $a10))))
        (local.set $a11 (f64x2.sub (v128.load offset=176 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a11))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a11) (local.get $a11))))))
    (v128.store offset=0 (local.get $o) (local.get $a0))
    (v128.store offset=16 (local.get $o) (local.get $a1))
    (v128.store offset=32 (local.get $o) (local.get $a2))
    (v128.store offset=48 (local.get $o) (local.get $a3))
    (v128.store offset=64 (local.get $o) (local.get $a4))
    (v128.store offset=80 (local.get $o) (local.get $a5))
    (v128.store offset=96 (local.get $o) (local.get $a6))
    (v128.store offset=112 (local.get $o) (local.get $a7))
    (v128.store offset=128 (local.get $o) (local.get $a8))
    (v128.store offset=144 (local.get $o) (local.get $a9))
    (v128.store offset=160 (local.get $o) (local.get $a10))
    (v128.store offset=176 (local.get $o) (local.get $a11))
    ;; x − x is +0 for finite x and NaN for ±Infinity or NaN
    (i64x2.all_true (f64x2.eq (local.get $check) (local.get $check))))

  ;; g[0 … 10) = Σ cscVal[q] · d[cscOff[q] + 0 … 10) over q in [pv, pvEnd) — 10 units of one
  ;; row of xᵀ·d, summed over the batch rows in order from +0 — stored in o, or with
  ;; update ≠ 0 applied as o −= lr · g. Returns 0 when an updated element is not finite.
  (func $reduce5
    (param $pv i32) (param $pi i32) (param $pvEnd i32) (param $d i32) (param $o i32)
    (param $lr f64) (param $update i32) (result i32)
    (local $q i32) (local $v v128) (local $lrv v128) (local $check v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128)
    (local.set $a0 (v128.const f64x2 0 0))
    (local.set $a1 (v128.const f64x2 0 0))
    (local.set $a2 (v128.const f64x2 0 0))
    (local.set $a3 (v128.const f64x2 0 0))
    (local.set $a4 (v128.const f64x2 0 0))
    (block $done
      (loop $terms
        (br_if $done (i32.ge_u (local.get $pv) (local.get $pvEnd)))
        (local.set $v (v128.load64_splat (local.get $pv)))
        (local.set $q (i32.add (local.get $d) (i32.load (local.get $pi))))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $v) (v128.load offset=0 (local.get $q)))))
        (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $v) (v128.load offset=16 (local.get $q)))))
        (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $v) (v128.load offset=32 (local.get $q)))))
        (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $v) (v128.load offset=48 (local.get $q)))))
        (local.set $a4 (f64x2.add (local.get $a4) (f64x2.mul (local.get $v) (v128.load offset=64 (local.get $q)))))
        (local.set $pv (i32.add (local.get $pv) (i32.const 8)))
        (local.set $pi (i32.add (local.get $pi) (i32.const 4)))
        (br $terms)))
    (if (local.get $update)
      (then
        (local.set $lrv (f64x2.splat (local.get $lr)))
        (local.set $a0 (f64x2.sub (v128.load offset=0 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a0))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a0) (local.get $a0))))
        (local.set $a1 (f64x2.sub (v128.load offset=16 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a1))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a1) (local.get $a1))))
        (local.set $a2 (f64x2.sub (v128.load offset=32 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a2))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a2) (local.get $a2))))
        (local.set $a3 (f64x2.sub (v128.load offset=48 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a3))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a3) (local.get $a3))))
        (local.set $a4 (f64x2.sub (v128.load offset=64 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a4))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a4) (local.get $a4))))))
    (v128.store offset=0 (local.get $o) (local.get $a0))
    (v128.store offset=16 (local.get $o) (local.get $a1))
    (v128.store offset=32 (local.get $o) (local.get $a2))
    (v128.store offset=48 (local.get $o) (local.get $a3))
    (v128.store offset=64 (local.get $o) (local.get $a4))
    ;; x − x is +0 for finite x and NaN for ±Infinity or NaN
    (i64x2.all_true (f64x2.eq (local.get $check) (local.get $check))))

  ;; g[0 … 2) = Σ cscVal[q] · d[cscOff[q] + 0 … 2) over q in [pv, pvEnd) — 2 units of one
  ;; row of xᵀ·d, summed over the batch rows in order from +0 — stored in o, or with
  ;; update ≠ 0 applied as o −= lr · g. Returns 0 when an updated element is not finite.
  (func $reduce1
    (param $pv i32) (param $pi i32) (param $pvEnd i32) (param $d i32) (param $o i32)
    (param $lr f64) (param $update i32) (result i32)
    (local $q i32) (local $v v128) (local $lrv v128) (local $check v128) (local $a0 v128)
    (local.set $a0 (v128.const f64x2 0 0))
    (block $done
      (loop $terms
        (br_if $done (i32.ge_u (local.get $pv) (local.get $pvEnd)))
        (local.set $v (v128.load64_splat (local.get $pv)))
        (local.set $q (i32.add (local.get $d) (i32.load (local.get $pi))))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $v) (v128.load offset=0 (local.get $q)))))
        (local.set $pv (i32.add (local.get $pv) (i32.const 8)))
        (local.set $pi (i32.add (local.get $pi) (i32.const 4)))
        (br $terms)))
    (if (local.get $update)
      (then
        (local.set $lrv (f64x2.splat (local.get $lr)))
        (local.set $a0 (f64x2.sub (v128.load offset=0 (local.get $o)) (f64x2.mul (local.get $lrv) (local.get $a0))))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $a0) (local.get $a0))))))
    (v128.store offset=0 (local.get $o) (local.get $a0))
    ;; x − x is +0 for finite x and NaN for ±Infinity or NaN
    (i64x2.all_true (f64x2.eq (local.get $check) (local.get $check))))

  ;; The last unit when h is odd (see $reduce1).
  (func $reduceOne
    (param $pv i32) (param $pi i32) (param $pvEnd i32) (param $d i32) (param $o i32)
    (param $lr f64) (param $update i32) (result i32)
    (local $s f64)
    (block $done
      (loop $terms
        (br_if $done (i32.ge_u (local.get $pv) (local.get $pvEnd)))
        (local.set $s
          (f64.add (local.get $s)
            (f64.mul (f64.load (local.get $pv)) (f64.load (i32.add (local.get $d) (i32.load (local.get $pi)))))))
        (local.set $pv (i32.add (local.get $pv) (i32.const 8)))
        (local.set $pi (i32.add (local.get $pi) (i32.const 4)))
        (br $terms)))
    (if (local.get $update)
      (then (local.set $s (f64.sub (f64.load (local.get $o)) (f64.mul (local.get $lr) (local.get $s))))))
    (f64.store (local.get $o) (local.get $s))
    (f64.eq (f64.sub (local.get $s) (local.get $s)) (f64.const 0)))

  ;; out = the column sums of a (n × k, n ≥ 1): the first row, then each following
  ;; row added in order, as sumRows (np.sum(dy, axis=0)).
  (func (export "sum_rows") (param $a i32) (param $n i32) (param $k i32) (param $out i32)
    (local $bytes i32) (local $pa i32) (local $end i32) (local $j i32)
    (local.set $bytes (i32.shl (local.get $k) (i32.const 3)))
    (memory.copy (local.get $out) (local.get $a) (local.get $bytes))
    (local.set $pa (i32.add (local.get $a) (local.get $bytes)))
    (local.set $end (i32.add (local.get $a) (i32.mul (local.get $n) (local.get $bytes))))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $pa) (local.get $end)))
        (local.set $j (i32.const 0))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $bytes)))
            (v128.store (i32.add (local.get $out) (local.get $j))
              (f64x2.add (v128.load (i32.add (local.get $out) (local.get $j)))
                (v128.load (i32.add (local.get $pa) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $pairs)))
        (if (i32.lt_u (local.get $j) (local.get $bytes))
          (then
            (f64.store (i32.add (local.get $out) (local.get $j))
              (f64.add (f64.load (i32.add (local.get $out) (local.get $j)))
                (f64.load (i32.add (local.get $pa) (local.get $j)))))))
        (local.set $pa (i32.add (local.get $pa) (local.get $bytes)))
        (br $rows))))

  ;; dy = (y − onehot(labels)) / n for `rows` rows of y (rows × m) and their i32
  ;; labels: the book's (y − t) / batch_num, where n is the whole batch's size.
  (func (export "output_grad")
    (param $y i32) (param $labels i32) (param $rows i32) (param $m i32) (param $n i32) (param $dy i32)
    (local $r i32) (local $k i32) (local $label i32) (local $off i32) (local $nf f64)
    (local.set $nf (f64.convert_i32_u (local.get $n)))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $label (i32.load (i32.add (local.get $labels) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $k (i32.const 0))
        (block $colsDone
          (loop $colsLoop
            (br_if $colsDone (i32.ge_u (local.get $k) (local.get $m)))
            (f64.store (i32.add (local.get $dy) (local.get $off))
              (f64.div
                (f64.sub (f64.load (i32.add (local.get $y) (local.get $off)))
                  (select (f64.const 1) (f64.const 0) (i32.eq (local.get $k) (local.get $label))))
                (local.get $nf)))
            (local.set $off (i32.add (local.get $off) (i32.const 8)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $colsLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowsLoop))))

  ;; out[i] = ((1 − z[i]) · z[i]) · d[i] for len elements: dz1 = sigmoid_grad(a1) · da1
  ;; with z = sigmoid(a1). out may be d. Returns 1 when every out[i] is finite, else 0.
  (func (export "sigmoid_grad_mul")
    (param $z i32) (param $d i32) (param $len i32) (param $out i32) (result i32)
    (local $i i32) (local $bytes i32) (local $s v128) (local $x v128) (local $check v128)
    (local $sf f64) (local $xf f64)
    (local.set $bytes (i32.shl (local.get $len) (i32.const 3)))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $bytes)))
        (local.set $s (v128.load (i32.add (local.get $z) (local.get $i))))
        (local.set $x
          (f64x2.mul
            (f64x2.mul (f64x2.sub (v128.const f64x2 1 1) (local.get $s)) (local.get $s))
            (v128.load (i32.add (local.get $d) (local.get $i)))))
        (v128.store (i32.add (local.get $out) (local.get $i)) (local.get $x))
        ;; x − x is +0 for finite x and NaN for ±Infinity or NaN
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $x) (local.get $x))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $pairs)))
    (if (i32.lt_u (local.get $i) (local.get $bytes))
      (then
        (local.set $sf (f64.load (i32.add (local.get $z) (local.get $i))))
        (local.set $xf
          (f64.mul (f64.mul (f64.sub (f64.const 1) (local.get $sf)) (local.get $sf))
            (f64.load (i32.add (local.get $d) (local.get $i)))))
        (f64.store (i32.add (local.get $out) (local.get $i)) (local.get $xf))
        (local.set $check
          (f64x2.add (local.get $check) (f64x2.splat (f64.sub (local.get $xf) (local.get $xf)))))))
    (i64x2.all_true (f64x2.eq (local.get $check) (local.get $check))))

  ;; p[i] = p[i] − lr · g[i] for len elements (params −= lr · grad). Returns 1 when
  ;; every new p[i] is finite, else 0.
  (func (export "sub_scaled")
    (param $p i32) (param $g i32) (param $len i32) (param $lr f64) (result i32)
    (local $i i32) (local $bytes i32) (local $lrv v128) (local $x v128) (local $check v128)
    (local $xf f64)
    (local.set $bytes (i32.shl (local.get $len) (i32.const 3)))
    (local.set $lrv (f64x2.splat (local.get $lr)))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $bytes)))
        (local.set $x
          (f64x2.sub (v128.load (i32.add (local.get $p) (local.get $i)))
            (f64x2.mul (local.get $lrv) (v128.load (i32.add (local.get $g) (local.get $i))))))
        (v128.store (i32.add (local.get $p) (local.get $i)) (local.get $x))
        (local.set $check (f64x2.add (local.get $check) (f64x2.sub (local.get $x) (local.get $x))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $pairs)))
    (if (i32.lt_u (local.get $i) (local.get $bytes))
      (then
        (local.set $xf
          (f64.sub (f64.load (i32.add (local.get $p) (local.get $i)))
            (f64.mul (local.get $lr) (f64.load (i32.add (local.get $g) (local.get $i))))))
        (f64.store (i32.add (local.get $p) (local.get $i)) (local.get $xf))
        (local.set $check
          (f64x2.add (local.get $check) (f64x2.splat (f64.sub (local.get $xf) (local.get $xf)))))))
    (i64x2.all_true (f64x2.eq (local.get $check) (local.get $check))))

  ;; dst = srcᵀ: src is rows × cols, dst is cols × rows.
  (func (export "transpose") (param $src i32) (param $rows i32) (param $cols i32) (param $dst i32)
    (local $i i32) (local $j i32)
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $colsLoop
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $cols)))
            (f64.store
              (i32.add (local.get $dst)
                (i32.shl (i32.add (i32.mul (local.get $j) (local.get $rows)) (local.get $i)) (i32.const 3)))
              (f64.load
                (i32.add (local.get $src)
                  (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 3)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $colsLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rowsLoop))))
  ;; ---------------------------------------------------------------------------
  ;; Sigmoid, softmax and accuracy, so that whole forward passes run here.

  ;; The sum of the n f64 at p in NumPy's pairwise order, without the final "0 +"
  ;; (pairwiseSumFrom in lib/core/matrix.ts, stride 1).
  (func $pairwise (param $p i32) (param $n i32) (result f64)
    (local $res f64) (local $i i32) (local $q i32) (local $end i32) (local $n2 i32)
    (local $r0 f64) (local $r1 f64) (local $r2 f64) (local $r3 f64)
    (local $r4 f64) (local $r5 f64) (local $r6 f64) (local $r7 f64)
    (if (i32.lt_u (local.get $n) (i32.const 8))
      (then
        ;; NumPy starts this branch from -0.0 so that a sum of -0.0 stays -0.0
        (local.set $res (f64.const -0))
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
        (local.set $q (local.get $p))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $q) (local.get $end)))
            (local.set $res (f64.add (local.get $res) (f64.load (local.get $q))))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (br $next)))
        (return (local.get $res))))
    (if (i32.le_u (local.get $n) (i32.const 128))
      (then
        (local.set $r0 (f64.load offset=0 (local.get $p)))
        (local.set $r1 (f64.load offset=8 (local.get $p)))
        (local.set $r2 (f64.load offset=16 (local.get $p)))
        (local.set $r3 (f64.load offset=24 (local.get $p)))
        (local.set $r4 (f64.load offset=32 (local.get $p)))
        (local.set $r5 (f64.load offset=40 (local.get $p)))
        (local.set $r6 (f64.load offset=48 (local.get $p)))
        (local.set $r7 (f64.load offset=56 (local.get $p)))
        (local.set $end
          (i32.add (local.get $p)
            (i32.shl (i32.sub (local.get $n) (i32.rem_u (local.get $n) (i32.const 8))) (i32.const 3))))
        (local.set $q (i32.add (local.get $p) (i32.const 64)))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $q) (local.get $end)))
            (local.set $r0 (f64.add (local.get $r0) (f64.load offset=0 (local.get $q))))
            (local.set $r1 (f64.add (local.get $r1) (f64.load offset=8 (local.get $q))))
            (local.set $r2 (f64.add (local.get $r2) (f64.load offset=16 (local.get $q))))
            (local.set $r3 (f64.add (local.get $r3) (f64.load offset=24 (local.get $q))))
            (local.set $r4 (f64.add (local.get $r4) (f64.load offset=32 (local.get $q))))
            (local.set $r5 (f64.add (local.get $r5) (f64.load offset=40 (local.get $q))))
            (local.set $r6 (f64.add (local.get $r6) (f64.load offset=48 (local.get $q))))
            (local.set $r7 (f64.add (local.get $r7) (f64.load offset=56 (local.get $q))))
            (local.set $q (i32.add (local.get $q) (i32.const 64)))
            (br $next)))
        (local.set $res
          (f64.add
            (f64.add (f64.add (local.get $r0) (local.get $r1)) (f64.add (local.get $r2) (local.get $r3)))
            (f64.add (f64.add (local.get $r4) (local.get $r5)) (f64.add (local.get $r6) (local.get $r7)))))
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $q) (local.get $end)))
            (local.set $res (f64.add (local.get $res) (f64.load (local.get $q))))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (br $next)))
        (return (local.get $res))))
    ;; larger: two halves, the first rounded down to a multiple of 8
    (local.set $n2 (i32.shr_u (local.get $n) (i32.const 1)))
    (local.set $n2 (i32.sub (local.get $n2) (i32.rem_u (local.get $n2) (i32.const 8))))
    (f64.add
      (call $pairwise (local.get $p) (local.get $n2))
      (call $pairwise (i32.add (local.get $p) (i32.shl (local.get $n2) (i32.const 3)))
        (i32.sub (local.get $n) (local.get $n2)))))

  ;; np.sum of the n f64 at p: +0 plus the pairwise sum (pairwiseSum in lib/core/matrix.ts).
  (func (export "pairwise_sum") (param $p i32) (param $n i32) (result f64)
    (f64.add (f64.const 0) (call $pairwise (local.get $p) (local.get $n))))

  ;; Row-wise softmax of a (n × m, m ≥ 1) into out (may be a), as softmaxRows:
  ;; subtract the row's maximum (a NaN wins), exp, divide by the pairwise sum.
  (func $softmax_rows (export "softmax_rows") (param $a i32) (param $n i32) (param $m i32) (param $out i32)
    (local $r i32) (local $rowBytes i32) (local $pa i32) (local $po i32) (local $i i32)
    (local $c f64) (local $v f64) (local $s f64) (local $cv v128)
    (local.set $rowBytes (i32.shl (local.get $m) (i32.const 3)))
    (local.set $pa (local.get $a))
    (local.set $po (local.get $out))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $c (f64.load (local.get $pa)))
        (local.set $i (i32.const 8))
        (block $maxDone
          (loop $max
            (br_if $maxDone (i32.ge_u (local.get $i) (local.get $rowBytes)))
            (local.set $v (f64.load (i32.add (local.get $pa) (local.get $i))))
            ;; if (!(v <= c)) c = isNaN(c) ? c : v
            (if (i32.eqz (f64.le (local.get $v) (local.get $c)))
              (then
                (if (f64.eq (local.get $c) (local.get $c)) (then (local.set $c (local.get $v))))))
            (local.set $i (i32.add (local.get $i) (i32.const 8)))
            (br $max)))
        (local.set $i (i32.const 0))
        (local.set $cv (f64x2.splat (local.get $c)))
        (block $expDone
          (loop $exps
            (br_if $expDone (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $rowBytes)))
            (v128.store (i32.add (local.get $po) (local.get $i))
              (call $exp2 (f64x2.sub (v128.load (i32.add (local.get $pa) (local.get $i))) (local.get $cv))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $exps)))
        (if (i32.lt_u (local.get $i) (local.get $rowBytes))
          (then
            (f64.store (i32.add (local.get $po) (local.get $i))
              (call $exp (f64.sub (f64.load (i32.add (local.get $pa) (local.get $i))) (local.get $c))))))
        (local.set $s (f64.add (f64.const 0) (call $pairwise (local.get $po) (local.get $m))))
        (local.set $i (i32.const 0))
        (block $divDone
          (loop $divs
            (br_if $divDone (i32.ge_u (local.get $i) (local.get $rowBytes)))
            (f64.store (i32.add (local.get $po) (local.get $i))
              (f64.div (f64.load (i32.add (local.get $po) (local.get $i))) (local.get $s)))
            (local.set $i (i32.add (local.get $i) (i32.const 8)))
            (br $divs)))
        (local.set $pa (i32.add (local.get $pa) (local.get $rowBytes)))
        (local.set $po (i32.add (local.get $po) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; How many rows r of y (n × m) have their argmax equal to labels[r] (i32). The
  ;; argmax is np.argmax's: the first maximum, and a NaN counts as the largest.
  (func $count_correct (export "count_correct") (param $y i32) (param $labels i32) (param $n i32) (param $m i32)
    (result i32)
    (local $r i32) (local $correct i32) (local $rowBytes i32) (local $py i32) (local $i i32)
    (local $best i32) (local $bestValue f64) (local $v f64)
    (local.set $rowBytes (i32.shl (local.get $m) (i32.const 3)))
    (local.set $py (local.get $y))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $best (i32.const 0))
        (local.set $bestValue (f64.load (local.get $py)))
        (if (f64.eq (local.get $bestValue) (local.get $bestValue))
          (then
            (local.set $i (i32.const 1))
            (block $argDone
              (loop $arg
                (br_if $argDone (i32.ge_u (local.get $i) (local.get $m)))
                (local.set $v (f64.load (i32.add (local.get $py) (i32.shl (local.get $i) (i32.const 3)))))
                (if (f64.ne (local.get $v) (local.get $v))
                  (then (local.set $best (local.get $i)) (br $argDone)))
                (if (f64.gt (local.get $v) (local.get $bestValue))
                  (then (local.set $bestValue (local.get $v)) (local.set $best (local.get $i))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $arg)))))
        (if (i32.eq (local.get $best)
              (i32.load (i32.add (local.get $labels) (i32.shl (local.get $r) (i32.const 2)))))
          (then (local.set $correct (i32.add (local.get $correct) (i32.const 1)))))
        (local.set $py (i32.add (local.get $py) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows)))
    (local.get $correct))

  ;; How many rows r of softmax(a) (n × m scores, not yet through the softmax) have
  ;; their argmax equal to labels[r]: count_correct(softmax_rows(a)), without the
  ;; softmax where it cannot change the argmax. With every score of a row finite,
  ;; c = max and b = the first index with a[b] = c, softmax gives y[b] = 1/s
  ;; (exp(c − c) = 1, s >= 1 the sum) and y[k] <= y[b] for every k (exp correctly
  ;; rounded, so monotone, and fl(a[k] − c) <= 0); the first maximum of y is b
  ;; unless an earlier k has y[k] = y[b]. When fl(a[k] − c) <= −2^-49 for every
  ;; k < b, exp(a[k] − c) <= RN(exp(−2^-49)) = 1 − 2^-49, and (1 − 2^-49)/s lies at
  ;; least 8 ulps below 1/s, so even rounded they differ: y[k] < y[b], and the
  ;; argmax is b. Other rows (a score not finite, or a near tie before b) go
  ;; through softmax_rows and count_correct, in scratch (m f64).
  (func (export "count_correct_scores") (param $a i32) (param $labels i32) (param $n i32) (param $m i32)
    (param $scratch i32) (result i32)
    (local $r i32) (local $correct i32) (local $rowBytes i32) (local $pa i32) (local $i i32)
    (local $best i32) (local $c f64) (local $v f64) (local $ok i32)
    (local.set $rowBytes (i32.shl (local.get $m) (i32.const 3)))
    (local.set $pa (local.get $a))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $n)))
        ;; the first maximum, and whether every score is finite (x − x = 0)
        (local.set $c (f64.load (local.get $pa)))
        (local.set $best (i32.const 0))
        (local.set $ok (f64.eq (f64.sub (local.get $c) (local.get $c)) (f64.const 0)))
        (local.set $i (i32.const 1))
        (block $maxDone
          (loop $max
            (br_if $maxDone (i32.ge_u (local.get $i) (local.get $m)))
            (local.set $v (f64.load (i32.add (local.get $pa) (i32.shl (local.get $i) (i32.const 3)))))
            (local.set $ok (i32.and (local.get $ok) (f64.eq (f64.sub (local.get $v) (local.get $v)) (f64.const 0))))
            (if (f64.gt (local.get $v) (local.get $c))
              (then (local.set $c (local.get $v)) (local.set $best (local.get $i))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $max)))
        ;; no near tie before the maximum
        (local.set $i (i32.const 0))
        (block $tieDone
          (loop $tie
            (br_if $tieDone (i32.ge_u (local.get $i) (local.get $best)))
            (local.set $ok (i32.and (local.get $ok)
              (f64.le
                (f64.sub (f64.load (i32.add (local.get $pa) (i32.shl (local.get $i) (i32.const 3)))) (local.get $c))
                (f64.const -0x1p-49))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $tie)))
        (if (local.get $ok)
          (then
            (if (i32.eq (local.get $best)
                  (i32.load (i32.add (local.get $labels) (i32.shl (local.get $r) (i32.const 2)))))
              (then (local.set $correct (i32.add (local.get $correct) (i32.const 1))))))
          (else
            (call $softmax_rows (local.get $pa) (i32.const 1) (local.get $m) (local.get $scratch))
            (local.set $correct (i32.add (local.get $correct)
              (call $count_correct (local.get $scratch)
                (i32.add (local.get $labels) (i32.shl (local.get $r) (i32.const 2))) (i32.const 1) (local.get $m))))))
        (local.set $pa (i32.add (local.get $pa) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows)))
    (local.get $correct))

  ;; ---------------------------------------------------------------------------
  ;; exp: $exp2 (two lanes), init_exp_table, set_exp_table, exp_all

  ;; #include "exp.wat"
)
