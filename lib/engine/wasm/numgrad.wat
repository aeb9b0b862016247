;; WebAssembly kernels of the fast numerical gradient (lib/engine/numgrad/):
;; the perturbed sums whose every term and every rounding must be the naive
;; method's (TwoLayerNet.numericalGradient recomputing the forward pass).
;;
;; A perturbed sum is a chain: a start value, then terms added one at a time in
;; the reference order (inputs ascending for a1 = x·W1, hidden units ascending
;; for a2 = z1·W2), then the bias. The kernels compute many chains at once:
;; - the two lanes of an f64x2 are the +h and the −h chain of one entry, which
;;   add the same terms;
;; - blocks of 8 entries keep their 8 chain pairs in v128 locals (register
;;   blocking), each term loaded once per block and added to all of them.
;; Each lane is exactly the scalar chain of the reference: only f64x2 add,
;; sub and mul, each correctly rounded (IEEE 754), no fused multiply-add, no
;; relaxed SIMD, so the bits are the same on every machine. A lane's +h/−h step
;; is `w + h` and `w + (−h)`, which IEEE 754 defines to be `w − h`.
;;
;; Pointers are byte offsets into the module's memory; arrays are f64, pairs are
;; 16 bytes (+h lane first). Assembled by tools/build.ts into
;; lib/engine/wasm/numgrad_wasm.ts.

(module
  ;; Math.exp, for the lanes where the two-lane exp (exp.wat) cannot be sure of its rounding.
  (import "env" "exp" (func $exp (param f64) (result f64)))
  ;; Math.log, for the lanes where near_logs cannot be sure of its rounding.
  (import "env" "log" (func $log (param f64) (result f64)))
  ;; Grown by the caller (lib/engine/numgrad/workspace.ts) to what a batch needs; the
  ;; exp table (init_exp_table) is at its start.
  (memory (export "memory") 1 16384)

  ;; The a1 chain pair of position p when W1[index[p]][j] is perturbed:
  ;; pref[p] + value[p] · (wcol[p] ± h), the row's sum up to and including p.
  (func $start (param $value i32) (param $wcol i32) (param $pref i32) (param $p i32) (param $hm v128)
    (result v128)
    (local $a i32)
    (local.set $a (i32.shl (local.get $p) (i32.const 3)))
    (f64x2.add
      (v128.load64_splat (i32.add (local.get $pref) (local.get $a)))
      (f64x2.mul
        (v128.load64_splat (i32.add (local.get $value) (local.get $a)))
        (f64x2.add (v128.load64_splat (i32.add (local.get $wcol) (local.get $a))) (local.get $hm)))))

  ;; a1 = x·W1 + b1 of one row and one hidden unit j, with W1[index[p]][j]
  ;; perturbed by ±h, for every nonzero position p of the row in [st, en):
  ;; out[p − st] = (start(p) + prod[p + 1] + … + prod[en − 1]) + bj, summed left
  ;; to right, where prod[q] = value[q] · wcol[q] is the row's unperturbed term
  ;; and pref[p] = prod[st] + … + prod[p − 1] (from +0) its sum before p.
  ;; value, wcol, pref, prod: f64 arrays indexed by position; out: pairs.
  (func (export "a1_chains")
    (param $value i32) (param $wcol i32) (param $pref i32) (param $prod i32)
    (param $st i32) (param $en i32) (param $h f64) (param $bj f64) (param $out i32)
    (local $hm v128) (local $bjv v128) (local $p i32) (local $q i32) (local $x v128)
    (local $c v128) (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $c4 v128) (local $c5 v128) (local $c6 v128) (local $c7 v128)
    (local.set $hm (f64x2.replace_lane 1 (f64x2.splat (local.get $h)) (f64.neg (local.get $h))))
    (local.set $bjv (f64x2.splat (local.get $bj)))
    (local.set $p (local.get $st))
    ;; blocks of 8 positions p … p + 7
    (block $blocksDone
      (loop $blocks
        (br_if $blocksDone (i32.gt_s (i32.add (local.get $p) (i32.const 8)) (local.get $en)))
        (local.set $c0 (call $start (local.get $value) (local.get $wcol) (local.get $pref)
          (i32.add (local.get $p) (i32.const 0)) (local.get $hm)))
        (local.set $c1 (call $start (local.get $value) (local.get $wcol) (local.get $pref)
          (i32.add (local.get $p) (i32.const 1)) (local.get $hm)))
        (local.set $c2 (call $start (local.get $value) (local.get $wcol) (local.get $pref)
          (i32.add (local.get $p) (i32.const 2)) (local.get $hm)))
        (local.set $c3 (call $start (local.get $value) (local.get $wcol) (local.get $pref)
          (i32.add (local.get $p) (i32.const 3)) (local.get $hm)))
        (local.set $c4 (call $start (local.get $value) (local.get $wcol) (local.get $pref)
          (i32.add (local.get $p) (i32.const 4)) (local.get $hm)))
        (local.set $c5 (call $start (local.get $value) (local.get $wcol) (local.get $pref)
          (i32.add (local.get $p) (i32.const 5)) (local.get $hm)))
        (local.set $c6 (call $start (local.get $value) (local.get $wcol) (local.get $pref)
          (i32.add (local.get $p) (i32.const 6)) (local.get $hm)))
        (local.set $c7 (call $start (local.get $value) (local.get $wcol) (local.get $pref)
          (i32.add (local.get $p) (i32.const 7)) (local.get $hm)))
        ;; the triangle: chain i adds the terms of positions p + i + 1 … p + 7
        (local.set $x (v128.load64_splat offset=8 (i32.add (local.get $prod) (i32.shl (local.get $p) (i32.const 3)))))
        (local.set $c0 (f64x2.add (local.get $c0) (local.get $x)))
        (local.set $x (v128.load64_splat offset=16 (i32.add (local.get $prod) (i32.shl (local.get $p) (i32.const 3)))))
        (local.set $c0 (f64x2.add (local.get $c0) (local.get $x)))
        (local.set $c1 (f64x2.add (local.get $c1) (local.get $x)))
        (local.set $x (v128.load64_splat offset=24 (i32.add (local.get $prod) (i32.shl (local.get $p) (i32.const 3)))))
        (local.set $c0 (f64x2.add (local.get $c0) (local.get $x)))
        (local.set $c1 (f64x2.add (local.get $c1) (local.get $x)))
        (local.set $c2 (f64x2.add (local.get $c2) (local.get $x)))
        (local.set $x (v128.load64_splat offset=32 (i32.add (local.get $prod) (i32.shl (local.get $p) (i32.const 3)))))
        (local.set $c0 (f64x2.add (local.get $c0) (local.get $x)))
        (local.set $c1 (f64x2.add (local.get $c1) (local.get $x)))
        (local.set $c2 (f64x2.add (local.get $c2) (local.get $x)))
        (local.set $c3 (f64x2.add (local.get $c3) (local.get $x)))
        (local.set $x (v128.load64_splat offset=40 (i32.add (local.get $prod) (i32.shl (local.get $p) (i32.const 3)))))
        (local.set $c0 (f64x2.add (local.get $c0) (local.get $x)))
        (local.set $c1 (f64x2.add (local.get $c1) (local.get $x)))
        (local.set $c2 (f64x2.add (local.get $c2) (local.get $x)))
        (local.set $c3 (f64x2.add (local.get $c3) (local.get $x)))
        (local.set $c4 (f64x2.add (local.get $c4) (local.get $x)))
        (local.set $x (v128.load64_splat offset=48 (i32.add (local.get $prod) (i32.shl (local.get $p) (i32.const 3)))))
        (local.set $c0 (f64x2.add (local.get $c0) (local.get $x)))
        (local.set $c1 (f64x2.add (local.get $c1) (local.get $x)))
        (local.set $c2 (f64x2.add (local.get $c2) (local.get $x)))
        (local.set $c3 (f64x2.add (local.get $c3) (local.get $x)))
        (local.set $c4 (f64x2.add (local.get $c4) (local.get $x)))
        (local.set $c5 (f64x2.add (local.get $c5) (local.get $x)))
        (local.set $x (v128.load64_splat offset=56 (i32.add (local.get $prod) (i32.shl (local.get $p) (i32.const 3)))))
        (local.set $c0 (f64x2.add (local.get $c0) (local.get $x)))
        (local.set $c1 (f64x2.add (local.get $c1) (local.get $x)))
        (local.set $c2 (f64x2.add (local.get $c2) (local.get $x)))
        (local.set $c3 (f64x2.add (local.get $c3) (local.get $x)))
        (local.set $c4 (f64x2.add (local.get $c4) (local.get $x)))
        (local.set $c5 (f64x2.add (local.get $c5) (local.get $x)))
        (local.set $c6 (f64x2.add (local.get $c6) (local.get $x)))
        ;; then every chain adds the terms of positions p + 8 … en − 1
        (local.set $q (i32.add (local.get $p) (i32.const 8)))
        (block $termsDone
          (loop $terms
            (br_if $termsDone (i32.ge_s (local.get $q) (local.get $en)))
            (local.set $x (v128.load64_splat (i32.add (local.get $prod) (i32.shl (local.get $q) (i32.const 3)))))
            (local.set $c0 (f64x2.add (local.get $c0) (local.get $x)))
            (local.set $c1 (f64x2.add (local.get $c1) (local.get $x)))
            (local.set $c2 (f64x2.add (local.get $c2) (local.get $x)))
            (local.set $c3 (f64x2.add (local.get $c3) (local.get $x)))
            (local.set $c4 (f64x2.add (local.get $c4) (local.get $x)))
            (local.set $c5 (f64x2.add (local.get $c5) (local.get $x)))
            (local.set $c6 (f64x2.add (local.get $c6) (local.get $x)))
            (local.set $c7 (f64x2.add (local.get $c7) (local.get $x)))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $terms)))
        (v128.store offset=0 (i32.add (local.get $out) (i32.shl (i32.sub (local.get $p) (local.get $st)) (i32.const 4)))
          (f64x2.add (local.get $c0) (local.get $bjv)))
        (v128.store offset=16 (i32.add (local.get $out) (i32.shl (i32.sub (local.get $p) (local.get $st)) (i32.const 4)))
          (f64x2.add (local.get $c1) (local.get $bjv)))
        (v128.store offset=32 (i32.add (local.get $out) (i32.shl (i32.sub (local.get $p) (local.get $st)) (i32.const 4)))
          (f64x2.add (local.get $c2) (local.get $bjv)))
        (v128.store offset=48 (i32.add (local.get $out) (i32.shl (i32.sub (local.get $p) (local.get $st)) (i32.const 4)))
          (f64x2.add (local.get $c3) (local.get $bjv)))
        (v128.store offset=64 (i32.add (local.get $out) (i32.shl (i32.sub (local.get $p) (local.get $st)) (i32.const 4)))
          (f64x2.add (local.get $c4) (local.get $bjv)))
        (v128.store offset=80 (i32.add (local.get $out) (i32.shl (i32.sub (local.get $p) (local.get $st)) (i32.const 4)))
          (f64x2.add (local.get $c5) (local.get $bjv)))
        (v128.store offset=96 (i32.add (local.get $out) (i32.shl (i32.sub (local.get $p) (local.get $st)) (i32.const 4)))
          (f64x2.add (local.get $c6) (local.get $bjv)))
        (v128.store offset=112 (i32.add (local.get $out) (i32.shl (i32.sub (local.get $p) (local.get $st)) (i32.const 4)))
          (f64x2.add (local.get $c7) (local.get $bjv)))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $blocks)))
    ;; the positions left over, one chain pair at a time
    (block $restDone
      (loop $rest
        (br_if $restDone (i32.ge_s (local.get $p) (local.get $en)))
        (local.set $c (call $start (local.get $value) (local.get $wcol) (local.get $pref) (local.get $p) (local.get $hm)))
        (local.set $q (i32.add (local.get $p) (i32.const 1)))
        (block $termsDone
          (loop $terms
            (br_if $termsDone (i32.ge_s (local.get $q) (local.get $en)))
            (local.set $c (f64x2.add (local.get $c)
              (v128.load64_splat (i32.add (local.get $prod) (i32.shl (local.get $q) (i32.const 3))))))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $terms)))
        (v128.store (i32.add (local.get $out) (i32.shl (i32.sub (local.get $p) (local.get $st)) (i32.const 4)))
          (f64x2.add (local.get $c) (local.get $bjv)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $rest))))

  ;; a2 = z1·W2 + b2 of one batch row with hidden unit j's activation replaced
  ;; by each of count pairs z[i] (the +h and −h activations of count entries),
  ;; for every output k:
  ;; out[i·K + k] = (S2[row, k, j] + z[i] · W2[j, k] + Q[row, k, j + 1] + …
  ;; + Q[row, k, Hn − 1]) + b2[k], summed left to right, where
  ;; Q[row, k, j'] = z1[row, j'] · W2[j', k] and S2[row, k, j] = Q[row, k, 0] + …
  ;; + Q[row, k, j − 1] (from +0). S2 and Q are row × K × Hn f64 arrays, W2 is
  ;; Hn × K, b2 is K; z and out are pairs.
  (func (export "a2_chains")
    (param $S2 i32) (param $Q i32) (param $W2 i32) (param $b2 i32) (param $z i32) (param $count i32)
    (param $row i32) (param $j i32) (param $Hn i32) (param $K i32) (param $out i32)
    (local $k i32) (local $o i32) (local $s2 v128) (local $w2 v128) (local $bk v128)
    (local $qs i32) (local $qe i32) (local $i i32) (local $ptr i32) (local $x v128) (local $c v128)
    (local $zi i32) (local $oi i32) (local $stride i32) (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $c4 v128) (local $c5 v128) (local $c6 v128) (local $c7 v128)
    (local.set $stride (i32.shl (local.get $K) (i32.const 4)))
    (block $outputsDone
      (loop $outputs
        (br_if $outputsDone (i32.ge_s (local.get $k) (local.get $K)))
        ;; o = (row · K + k) · Hn, the start of chain (row, k) in S2 and Q
        (local.set $o (i32.mul (i32.add (i32.mul (local.get $row) (local.get $K)) (local.get $k)) (local.get $Hn)))
        (local.set $s2 (v128.load64_splat
          (i32.add (local.get $S2) (i32.shl (i32.add (local.get $o) (local.get $j)) (i32.const 3)))))
        (local.set $w2 (v128.load64_splat (i32.add (local.get $W2)
          (i32.shl (i32.add (i32.mul (local.get $j) (local.get $K)) (local.get $k)) (i32.const 3)))))
        (local.set $bk (v128.load64_splat (i32.add (local.get $b2) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $qs (i32.add (local.get $Q)
          (i32.shl (i32.add (i32.add (local.get $o) (local.get $j)) (i32.const 1)) (i32.const 3))))
        (local.set $qe (i32.add (local.get $Q) (i32.shl (i32.add (local.get $o) (local.get $Hn)) (i32.const 3))))
        (local.set $i (i32.const 0))
        ;; zi: the block's first z pair; oi: its first output pair (output k)
        (local.set $zi (local.get $z))
        (local.set $oi (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 4))))
        (block $blocksDone
          (loop $blocks
            (br_if $blocksDone (i32.gt_s (i32.add (local.get $i) (i32.const 8)) (local.get $count)))
            (local.set $c0 (f64x2.add (local.get $s2) (f64x2.mul (v128.load offset=0 (local.get $zi)) (local.get $w2))))
            (local.set $c1 (f64x2.add (local.get $s2) (f64x2.mul (v128.load offset=16 (local.get $zi)) (local.get $w2))))
            (local.set $c2 (f64x2.add (local.get $s2) (f64x2.mul (v128.load offset=32 (local.get $zi)) (local.get $w2))))
            (local.set $c3 (f64x2.add (local.get $s2) (f64x2.mul (v128.load offset=48 (local.get $zi)) (local.get $w2))))
            (local.set $c4 (f64x2.add (local.get $s2) (f64x2.mul (v128.load offset=64 (local.get $zi)) (local.get $w2))))
            (local.set $c5 (f64x2.add (local.get $s2) (f64x2.mul (v128.load offset=80 (local.get $zi)) (local.get $w2))))
            (local.set $c6 (f64x2.add (local.get $s2) (f64x2.mul (v128.load offset=96 (local.get $zi)) (local.get $w2))))
            (local.set $c7 (f64x2.add (local.get $s2) (f64x2.mul (v128.load offset=112 (local.get $zi)) (local.get $w2))))
            (local.set $ptr (local.get $qs))
            (block $termsDone
              (loop $terms
                (br_if $termsDone (i32.ge_u (local.get $ptr) (local.get $qe)))
                (local.set $x (v128.load64_splat (local.get $ptr)))
                (local.set $c0 (f64x2.add (local.get $c0) (local.get $x)))
                (local.set $c1 (f64x2.add (local.get $c1) (local.get $x)))
                (local.set $c2 (f64x2.add (local.get $c2) (local.get $x)))
                (local.set $c3 (f64x2.add (local.get $c3) (local.get $x)))
                (local.set $c4 (f64x2.add (local.get $c4) (local.get $x)))
                (local.set $c5 (f64x2.add (local.get $c5) (local.get $x)))
                (local.set $c6 (f64x2.add (local.get $c6) (local.get $x)))
                (local.set $c7 (f64x2.add (local.get $c7) (local.get $x)))
                (local.set $ptr (i32.add (local.get $ptr) (i32.const 8)))
                (br $terms)))
            (v128.store (local.get $oi) (f64x2.add (local.get $c0) (local.get $bk)))
            (v128.store (i32.add (local.get $oi) (i32.mul (local.get $stride) (i32.const 1))) (f64x2.add (local.get $c1) (local.get $bk)))
            (v128.store (i32.add (local.get $oi) (i32.mul (local.get $stride) (i32.const 2))) (f64x2.add (local.get $c2) (local.get $bk)))
            (v128.store (i32.add (local.get $oi) (i32.mul (local.get $stride) (i32.const 3))) (f64x2.add (local.get $c3) (local.get $bk)))
            (v128.store (i32.add (local.get $oi) (i32.mul (local.get $stride) (i32.const 4))) (f64x2.add (local.get $c4) (local.get $bk)))
            (v128.store (i32.add (local.get $oi) (i32.mul (local.get $stride) (i32.const 5))) (f64x2.add (local.get $c5) (local.get $bk)))
            (v128.store (i32.add (local.get $oi) (i32.mul (local.get $stride) (i32.const 6))) (f64x2.add (local.get $c6) (local.get $bk)))
            (v128.store (i32.add (local.get $oi) (i32.mul (local.get $stride) (i32.const 7))) (f64x2.add (local.get $c7) (local.get $bk)))
            (local.set $i (i32.add (local.get $i) (i32.const 8)))
            (local.set $zi (i32.add (local.get $zi) (i32.const 128)))
            (local.set $oi (i32.add (local.get $oi) (i32.shl (local.get $stride) (i32.const 3))))
            (br $blocks)))
        (block $restDone
          (loop $rest
            (br_if $restDone (i32.ge_s (local.get $i) (local.get $count)))
            (local.set $c (f64x2.add (local.get $s2) (f64x2.mul (v128.load (local.get $zi)) (local.get $w2))))
            (local.set $ptr (local.get $qs))
            (block $termsDone
              (loop $terms
                (br_if $termsDone (i32.ge_u (local.get $ptr) (local.get $qe)))
                (local.set $c (f64x2.add (local.get $c) (v128.load64_splat (local.get $ptr))))
                (local.set $ptr (i32.add (local.get $ptr) (i32.const 8)))
                (br $terms)))
            (v128.store (local.get $oi) (f64x2.add (local.get $c) (local.get $bk)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (local.set $zi (i32.add (local.get $zi) (i32.const 16)))
            (local.set $oi (i32.add (local.get $oi) (local.get $stride)))
            (br $rest)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $outputs))))

  ;; Column j of W1's gradient from the perturbed terms: for each input i < D,
  ;; out[i] = (f(+h) − f(−h)) / twoH with f the batch loss −(0 + pairwise sum of
  ;; the N rows' terms) / N (batchLoss in forward.ts, crossEntropyErrorLabels),
  ;; both lanes at once: pair n of the scratch row at pairs is (terms[n], terms[n])
  ;; on entry and on return; for input i the rows colRow[c] (c from colStart[i] to
  ;; colStart[i + 1], i32) take (tP[colPos[c]], tM[colPos[c]]) for the sum, then
  ;; get their own terms back. An input no row uses has f(+h) = f(−h) = L0.
  (func (export "column_losses") (param $pairs i32) (param $terms i32) (param $tP i32) (param $tM i32)
    (param $colStart i32) (param $colRow i32) (param $colPos i32) (param $D i32) (param $N i32)
    (param $L0 f64) (param $twoH f64) (param $out i32)
    (local $i i32) (local $c i32) (local $c1 i32) (local $r i32) (local $q i32) (local $f v128)
    (local $n v128)
    (local.set $n (f64x2.splat (f64.convert_i32_s (local.get $N))))
    (block $done
      (loop $inputs
        (br_if $done (i32.ge_u (local.get $i) (local.get $D)))
        (local.set $c (i32.load (i32.add (local.get $colStart) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $c1 (i32.load offset=4 (i32.add (local.get $colStart) (i32.shl (local.get $i) (i32.const 2)))))
        (if (i32.eq (local.get $c) (local.get $c1))
          (then
            (f64.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 3)))
              (f64.div (f64.sub (local.get $L0) (local.get $L0)) (local.get $twoH))))
          (else
            (local.set $r (local.get $c))
            (block $setDone
              (loop $set
                (br_if $setDone (i32.ge_u (local.get $r) (local.get $c1)))
                (local.set $q (i32.shl (i32.load (i32.add (local.get $colPos) (i32.shl (local.get $r) (i32.const 2))))
                  (i32.const 3)))
                (v128.store
                  (i32.add (local.get $pairs)
                    (i32.shl (i32.load (i32.add (local.get $colRow) (i32.shl (local.get $r) (i32.const 2)))) (i32.const 4)))
                  (f64x2.replace_lane 1
                    (v128.load64_splat (i32.add (local.get $tP) (local.get $q)))
                    (f64.load (i32.add (local.get $tM) (local.get $q)))))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $set)))
            (local.set $f (f64x2.div
              (f64x2.neg (f64x2.add (v128.const f64x2 0 0) (call $pairwise2 (local.get $pairs) (local.get $N))))
              (local.get $n)))
            (f64.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 3)))
              (f64.div (f64.sub (f64x2.extract_lane 0 (local.get $f)) (f64x2.extract_lane 1 (local.get $f)))
                (local.get $twoH)))
            ;; the rows' own terms back
            (block $resetDone
              (loop $reset
                (br_if $resetDone (i32.ge_u (local.get $c) (local.get $c1)))
                (local.set $r (i32.load (i32.add (local.get $colRow) (i32.shl (local.get $c) (i32.const 2)))))
                (v128.store (i32.add (local.get $pairs) (i32.shl (local.get $r) (i32.const 4)))
                  (v128.load64_splat (i32.add (local.get $terms) (i32.shl (local.get $r) (i32.const 3)))))
                (local.set $c (i32.add (local.get $c) (i32.const 1)))
                (br $reset)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $inputs))))

  ;; The output rows of every batch row with W2[j, k] moved by ±h (wP, wM: the
  ;; +h and −h weights), as pairs for softmax_args: row n's output k is the chain
  ;; (S2[n, k, j] + z1[n, j] · w + Q[n, k, j + 1] + … + Q[n, k, Hn − 1]) + b2[k]
  ;; in each lane, as the naive method sums z1·W2 + b2; its other outputs are
  ;; a2[n, kk] in both lanes. out: N rows of K pairs. z1: N × Hn, a2: N × K.
  (func (export "w2_rows")
    (param $S2 i32) (param $Q i32) (param $z1 i32) (param $b2 i32) (param $a2 i32)
    (param $wP f64) (param $wM f64) (param $j i32) (param $k i32) (param $N i32) (param $Hn i32) (param $K i32)
    (param $out i32)
    (local $n i32) (local $o i32) (local $kk i32) (local $w v128) (local $bk v128) (local $c v128)
    (local $ptr i32) (local $end i32) (local $row i32)
    (local.set $w (f64x2.replace_lane 1 (f64x2.splat (local.get $wP)) (local.get $wM)))
    (local.set $bk (v128.load64_splat (i32.add (local.get $b2) (i32.shl (local.get $k) (i32.const 3)))))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $n) (local.get $N)))
        ;; o = (n · K + k) · Hn, the start of chain (n, k) in S2 and Q
        (local.set $o (i32.mul (i32.add (i32.mul (local.get $n) (local.get $K)) (local.get $k)) (local.get $Hn)))
        (local.set $c
          (f64x2.add
            (v128.load64_splat (i32.add (local.get $S2) (i32.shl (i32.add (local.get $o) (local.get $j)) (i32.const 3))))
            (f64x2.mul
              (v128.load64_splat (i32.add (local.get $z1)
                (i32.shl (i32.add (i32.mul (local.get $n) (local.get $Hn)) (local.get $j)) (i32.const 3))))
              (local.get $w))))
        (local.set $ptr (i32.add (local.get $Q) (i32.shl (i32.add (i32.add (local.get $o) (local.get $j)) (i32.const 1)) (i32.const 3))))
        (local.set $end (i32.add (local.get $Q) (i32.shl (i32.add (local.get $o) (local.get $Hn)) (i32.const 3))))
        (block $termsDone
          (loop $terms
            (br_if $termsDone (i32.ge_u (local.get $ptr) (local.get $end)))
            (local.set $c (f64x2.add (local.get $c) (v128.load64_splat (local.get $ptr))))
            (local.set $ptr (i32.add (local.get $ptr) (i32.const 8)))
            (br $terms)))
        (local.set $c (f64x2.add (local.get $c) (local.get $bk)))
        ;; the row: output k perturbed, the others as they are
        (local.set $row (i32.add (local.get $out) (i32.shl (i32.mul (local.get $n) (local.get $K)) (i32.const 4))))
        (local.set $kk (i32.const 0))
        (block $outputsDone
          (loop $outputs
            (br_if $outputsDone (i32.ge_u (local.get $kk) (local.get $K)))
            (v128.store (i32.add (local.get $row) (i32.shl (local.get $kk) (i32.const 4)))
              (if (result v128) (i32.eq (local.get $kk) (local.get $k))
                (then (local.get $c))
                (else (v128.load64_splat (i32.add (local.get $a2)
                  (i32.shl (i32.add (i32.mul (local.get $n) (local.get $K)) (local.get $kk)) (i32.const 3)))))))
            (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
            (br $outputs)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $rows))))

  ;; The distinct values among count f64 at src, by their bits (equal bits give
  ;; equal results downstream; +0 and -0 stay apart): each value's bits are
  ;; looked up in an open-addressing table of 2^bits slots of 16 bytes
  ;; (key i64, stamp i32, index i32); a slot is empty unless its stamp is gen,
  ;; so a new gen empties the table. Writes the distinct values to dst in order
  ;; of first appearance, then one more copy of the last (to fill a pair), and
  ;; each value's index among them to map (i32). Returns how many are distinct.
  (func (export "dedupe")
    (param $src i32) (param $count i32) (param $dst i32) (param $map i32)
    (param $table i32) (param $bits i32) (param $gen i32) (result i32)
    (local $i i32) (local $x i64) (local $slot i32) (local $e i32) (local $mask i32)
    (local $distinct i32)
    (local.set $mask (i32.sub (i32.shl (i32.const 1) (local.get $bits)) (i32.const 1)))
    (block $done
      (loop $values
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $x (i64.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 3)))))
        ;; slot = ((lo ^ hi·0x9e3779b1)·0x85ebca6b) >>> (32 − bits)
        (local.set $slot
          (i32.shr_u
            (i32.mul
              (i32.xor (i32.wrap_i64 (local.get $x))
                (i32.mul (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 32))) (i32.const 0x9e3779b1)))
              (i32.const 0x85ebca6b))
            (i32.sub (i32.const 32) (local.get $bits))))
        (block $found
          (loop $probe
            (local.set $e (i32.add (local.get $table) (i32.shl (local.get $slot) (i32.const 4))))
            (if (i32.ne (i32.load offset=8 (local.get $e)) (local.get $gen))
              (then
                (i64.store (local.get $e) (local.get $x))
                (i32.store offset=8 (local.get $e) (local.get $gen))
                (i32.store offset=12 (local.get $e) (local.get $distinct))
                (i64.store (i32.add (local.get $dst) (i32.shl (local.get $distinct) (i32.const 3))) (local.get $x))
                (i32.store (i32.add (local.get $map) (i32.shl (local.get $i) (i32.const 2))) (local.get $distinct))
                (local.set $distinct (i32.add (local.get $distinct) (i32.const 1)))
                (br $found)))
            (if (i64.eq (i64.load (local.get $e)) (local.get $x))
              (then
                (i32.store (i32.add (local.get $map) (i32.shl (local.get $i) (i32.const 2)))
                  (i32.load offset=12 (local.get $e)))
                (br $found)))
            (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (local.get $mask)))
            (br $probe)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $values)))
    (i64.store (i32.add (local.get $dst) (i32.shl (local.get $distinct) (i32.const 3)))
      (i64.load (i32.add (local.get $dst) (i32.shl (i32.sub (local.get $distinct) (i32.const 1)) (i32.const 3)))))
    (local.get $distinct))

  ;; The softmax's exp arguments, in place: for count pairs of rows of K scores
  ;; (pair i's output k at a + (i·K + k)·16, one row per lane), each score minus
  ;; its row's max, the max taken as softmaxRows takes it: c = a_0, then for
  ;; k = 1 … K − 1, c = a_k when !(a_k <= c) and c is not NaN (a NaN wins).
  (func (export "softmax_args") (param $a i32) (param $count i32) (param $K i32)
    (local $row i32) (local $end i32) (local $p i32) (local $pe i32) (local $c v128) (local $x v128)
    (local $nan v128)
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.mul (local.get $count) (local.get $K)) (i32.const 4))))
    (local.set $row (local.get $a))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $end)))
        (local.set $pe (i32.add (local.get $row) (i32.shl (local.get $K) (i32.const 4))))
        ;; Without NaNs the rule is pmax (c < x ? x : c: equal values keep c), one
        ;; short step per score; a row with a NaN takes the rule itself.
        (local.set $c (v128.load (local.get $row)))
        (local.set $nan (f64x2.ne (local.get $c) (local.get $c)))
        (local.set $p (i32.add (local.get $row) (i32.const 16)))
        (block $pmaxDone
          (loop $pmax
            (br_if $pmaxDone (i32.ge_u (local.get $p) (local.get $pe)))
            (local.set $x (v128.load (local.get $p)))
            (local.set $c (f64x2.pmax (local.get $c) (local.get $x)))
            (local.set $nan (v128.or (local.get $nan) (f64x2.ne (local.get $x) (local.get $x))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $pmax)))
        (if (v128.any_true (local.get $nan))
          (then
            (local.set $c (v128.load (local.get $row)))
            (local.set $p (i32.add (local.get $row) (i32.const 16)))
            (block $maxDone
              (loop $max
                (br_if $maxDone (i32.ge_u (local.get $p) (local.get $pe)))
                (local.set $x (v128.load (local.get $p)))
                ;; take x in the lanes where !(x <= c) and c == c
                (local.set $c (v128.bitselect (local.get $x) (local.get $c)
                  (v128.andnot (v128.not (f64x2.le (local.get $x) (local.get $c)))
                    (f64x2.ne (local.get $c) (local.get $c)))))
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (br $max)))))
        (local.set $p (local.get $row))
        (block $subDone
          (loop $sub
            (br_if $subDone (i32.ge_u (local.get $p) (local.get $pe)))
            (v128.store (local.get $p) (f64x2.sub (v128.load (local.get $p)) (local.get $c)))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $sub)))
        (local.set $row (local.get $pe))
        (br $rows))))

  ;; The sum of n pairs at p (16 bytes apart), lane by lane in NumPy's pairwise
  ;; order, without the final "0 +": each lane is $pairwise of kernels.wat
  ;; (pairwiseSumFrom in lib/core/pairwise_sum.ts) on its own values.
  (func $pairwise2 (param $p i32) (param $n i32) (result v128)
    (local $res v128) (local $q i32) (local $end i32) (local $n2 i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $r4 v128) (local $r5 v128) (local $r6 v128) (local $r7 v128)
    (if (i32.lt_u (local.get $n) (i32.const 8))
      (then
        ;; NumPy starts this branch from -0.0 so that a sum of -0.0 stays -0.0
        (local.set $res (v128.const f64x2 -0 -0))
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 4))))
        (local.set $q (local.get $p))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $q) (local.get $end)))
            (local.set $res (f64x2.add (local.get $res) (v128.load (local.get $q))))
            (local.set $q (i32.add (local.get $q) (i32.const 16)))
            (br $next)))
        (return (local.get $res))))
    (if (i32.le_u (local.get $n) (i32.const 128))
      (then
        (local.set $r0 (v128.load offset=0 (local.get $p)))
        (local.set $r1 (v128.load offset=16 (local.get $p)))
        (local.set $r2 (v128.load offset=32 (local.get $p)))
        (local.set $r3 (v128.load offset=48 (local.get $p)))
        (local.set $r4 (v128.load offset=64 (local.get $p)))
        (local.set $r5 (v128.load offset=80 (local.get $p)))
        (local.set $r6 (v128.load offset=96 (local.get $p)))
        (local.set $r7 (v128.load offset=112 (local.get $p)))
        (local.set $end
          (i32.add (local.get $p)
            (i32.shl (i32.sub (local.get $n) (i32.rem_u (local.get $n) (i32.const 8))) (i32.const 4))))
        (local.set $q (i32.add (local.get $p) (i32.const 128)))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $q) (local.get $end)))
            (local.set $r0 (f64x2.add (local.get $r0) (v128.load offset=0 (local.get $q))))
            (local.set $r1 (f64x2.add (local.get $r1) (v128.load offset=16 (local.get $q))))
            (local.set $r2 (f64x2.add (local.get $r2) (v128.load offset=32 (local.get $q))))
            (local.set $r3 (f64x2.add (local.get $r3) (v128.load offset=48 (local.get $q))))
            (local.set $r4 (f64x2.add (local.get $r4) (v128.load offset=64 (local.get $q))))
            (local.set $r5 (f64x2.add (local.get $r5) (v128.load offset=80 (local.get $q))))
            (local.set $r6 (f64x2.add (local.get $r6) (v128.load offset=96 (local.get $q))))
            (local.set $r7 (f64x2.add (local.get $r7) (v128.load offset=112 (local.get $q))))
            (local.set $q (i32.add (local.get $q) (i32.const 128)))
            (br $next)))
        (local.set $res
          (f64x2.add
            (f64x2.add (f64x2.add (local.get $r0) (local.get $r1)) (f64x2.add (local.get $r2) (local.get $r3)))
            (f64x2.add (f64x2.add (local.get $r4) (local.get $r5)) (f64x2.add (local.get $r6) (local.get $r7)))))
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 4))))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $q) (local.get $end)))
            (local.set $res (f64x2.add (local.get $res) (v128.load (local.get $q))))
            (local.set $q (i32.add (local.get $q) (i32.const 16)))
            (br $next)))
        (return (local.get $res))))
    ;; larger: two halves, the first rounded down to a multiple of 8
    (local.set $n2 (i32.shr_u (local.get $n) (i32.const 1)))
    (local.set $n2 (i32.sub (local.get $n2) (i32.rem_u (local.get $n2) (i32.const 8))))
    (f64x2.add
      (call $pairwise2 (local.get $p) (local.get $n2))
      (call $pairwise2 (i32.add (local.get $p) (i32.shl (local.get $n2) (i32.const 4)))
        (i32.sub (local.get $n) (local.get $n2)))))

  ;; ---------------------------------------------------------------------------
  ;; exp near a known one. A perturbed row's exp arguments x' are the unperturbed
  ;; row's x plus a tiny d (|d| well below 2^-14 for h = 1e-4), so exp(x') is
  ;; exp(x)·exp(d): the unperturbed exp's parts, kept once per (row, output) in a
  ;; 40-byte record, and a short polynomial in d, in place of the full $exp2.

  ;; The records of count exp arguments at x (f64), to out + 40·i: x, dmax, hi,
  ;; e, scale, where exp(x) = scale·(hi + e + err) with hi = RN(th + lo) and
  ;; e = lo − (hi − th) (exact: th >= |lo|), so |err| < 2^-59.9 (the bound of
  ;; $exp2's parts, 3.1·2^-62, and a little more for lo's rounding). dmax is the
  ;; largest |d| the record serves: min(2^-14, |x|/4), or 2^-14 for x = 0, so
  ;; that d = x' − x is exact (Sterbenz; x − 0 is x); −1 (none) when |x| > 700 or x is NaN.
  (func (export "exp_refs") (param $x i32) (param $count i32) (param $out i32)
    (local $i i32) (local $v v128) (local $th v128) (local $lo v128) (local $scale v128) (local $hi v128)
    (local $r i32) (local $ax f64)
    (block $done
      (loop $values
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $v (v128.load64_splat (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $r (i32.add (local.get $out) (i32.mul (local.get $i) (i32.const 40))))
        (local.set $ax (f64.abs (f64x2.extract_lane 0 (local.get $v))))
        (f64.store offset=0 (local.get $r) (f64x2.extract_lane 0 (local.get $v)))
        (if (f64.le (local.get $ax) (f64.const 700))
          (then
            (call $exp_parts (local.get $v))
            (local.set $scale)
            (local.set $lo)
            (local.set $th)
            (local.set $hi (f64x2.add (local.get $th) (local.get $lo)))
            (f64.store offset=8 (local.get $r)
              (select (f64.const 0x1p-14) (f64.min (f64.const 0x1p-14) (f64.mul (local.get $ax) (f64.const 0.25)))
                (f64.eq (local.get $ax) (f64.const 0))))
            (f64.store offset=16 (local.get $r) (f64x2.extract_lane 0 (local.get $hi)))
            (f64.store offset=24 (local.get $r)
              (f64x2.extract_lane 0 (f64x2.sub (local.get $lo) (f64x2.sub (local.get $hi) (local.get $th)))))
            (f64.store offset=32 (local.get $r) (f64x2.extract_lane 0 (local.get $scale))))
          (else
            (f64.store offset=8 (local.get $r) (f64.const -1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $values))))

  ;; exp(x') in place for the K pairs at q (16 bytes apart: one row's outputs, a
  ;; row per lane), pair k near the record at ref + 40·k (see exp_refs), with
  ;; Math.exp's bits: with d = x' − x (exact when |d| <= dmax) and p = exp(d) − 1
  ;; to d^4/24 (truncation below 2^-75 for |d| <= 2^-14, rounding below 2^-66),
  ;; exp(x')/scale = hi + lo' + err', lo' = e + (hi·p + e·p), and
  ;; |err'| < 2^-59.9 + 2^-64.5 < 2^-59.8 (|lo'| < 2^-13, so it rounds below 2^-66).
  ;; As in $exp2, hi + (lo' ∓ E) with E = 2^-59 round alike only when the exact
  ;; value rounds the same way (E less the rounding of lo' ± E exceeds |err'|),
  ;; and then the result is that times scale (exact: normal range). A pair with a
  ;; lane that fails the test or is out of its record's range goes to $exp2.
  ;; One call per row, so that the loop is not a call per pair (V8 does not
  ;; inline a function this size).
  (func $exp_near_row (param $q i32) (param $ref i32) (param $K i32)
    (local $end i32) (local $x v128) (local $d v128) (local $p v128) (local $hi v128) (local $e v128)
    (local $lo v128) (local $res v128)
    (local $c6 v128) (local $c24 v128) (local $half v128) (local $one v128) (local $E v128)
    ;; the constants in locals, out of the loop (V8 builds a v128.const at each use)
    (local.set $c6 (v128.const f64x2 0x1.5555555555555p-3 0x1.5555555555555p-3))
    (local.set $c24 (v128.const f64x2 0x1.5555555555555p-5 0x1.5555555555555p-5))
    (local.set $half (v128.const f64x2 0.5 0.5))
    (local.set $one (v128.const f64x2 1 1))
    (local.set $E (v128.const f64x2 0x1p-59 0x1p-59))
    (local.set $end (i32.add (local.get $q) (i32.shl (local.get $K) (i32.const 4))))
    (block $done
      (loop $outputs
        (br_if $done (i32.ge_u (local.get $q) (local.get $end)))
        (local.set $x (v128.load (local.get $q)))
        (local.set $d (f64x2.sub (local.get $x) (v128.load64_splat offset=0 (local.get $ref))))
        (local.set $p (f64x2.add (local.get $c6) (f64x2.mul (local.get $d) (local.get $c24))))
        (local.set $p (f64x2.add (local.get $half) (f64x2.mul (local.get $d) (local.get $p))))
        (local.set $p (f64x2.add (local.get $one) (f64x2.mul (local.get $d) (local.get $p))))
        (local.set $p (f64x2.mul (local.get $d) (local.get $p)))
        (local.set $hi (v128.load64_splat offset=16 (local.get $ref)))
        (local.set $e (v128.load64_splat offset=24 (local.get $ref)))
        (local.set $lo (f64x2.add (local.get $e)
          (f64x2.add (f64x2.mul (local.get $hi) (local.get $p)) (f64x2.mul (local.get $e) (local.get $p)))))
        (local.set $res (f64x2.add (local.get $hi) (f64x2.sub (local.get $lo) (local.get $E))))
        (if (i64x2.all_true
              (v128.and
                (f64x2.le (f64x2.abs (local.get $d)) (v128.load64_splat offset=8 (local.get $ref)))
                (f64x2.eq (local.get $res)
                  (f64x2.add (local.get $hi) (f64x2.add (local.get $lo) (local.get $E))))))
          (then (v128.store (local.get $q) (f64x2.mul (local.get $res) (v128.load64_splat offset=32 (local.get $ref)))))
          (else (v128.store (local.get $q) (call $exp2 (local.get $x)))))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (local.set $ref (i32.add (local.get $ref) (i32.const 40)))
        (br $outputs))))

  ;; $exp_near_row on its own, for the tests.
  (func (export "exp_near") (param $q i32) (param $ref i32) (param $K i32)
    (call $exp_near_row (local.get $q) (local.get $ref) (local.get $K)))

  ;; ---------------------------------------------------------------------------
  ;; log near a known one. A perturbed row's probability p' (the argument of its
  ;; loss term's log) is within a few parts in 10^5 of its unperturbed row's p,
  ;; so log(p') = log(p) + log1p(t), t = (p' − p)/p, with log(p) = L_hi + L_lo
  ;; (lib/engine/numgrad/log_refs.ts). Like the exps, it relies on V8's
  ;; Math.log being correctly rounded (checked in tests/engine/numgrad/).

  ;; out[i] = log(p[i]) for count pairs at p (16 bytes apart; out may be p),
  ;; pair i near the 48-byte record at ref + i·refStride: p, dmax = p·2^-14,
  ;; L_hi = Math.log(p), L_lo, and p split in halves p1 + p2 (Veltkamp). With
  ;; u = p' − p (exact when |u| <= dmax: Sterbenz), t + tl = u/p to about 2^-106
  ;; (TwoProduct), log1p(t + tl) = t + tl + t²·(−1/2 + t·(1/3 + t·(−1/4 + t/5)))
  ;; + err (|err| < 2^-80.9: t^6/6, t·tl, roundings), s + se = L_hi + t
  ;; (TwoSum), low = se + (L_lo + (tl + poly)): log(p') = s + low + err' with
  ;; |err'| < 2^-78 + 2^-76·|s|. Then, as in $exp2, s + (low ∓ E) with
  ;; E = 2^-77 + |s|·2^-66 round alike only when log(p') rounds that way; a pair
  ;; with a lane that does not pass, or is out of its record's range, goes to Math.log.
  (func (export "near_logs") (param $p i32) (param $count i32) (param $ref i32) (param $refStride i32)
    (param $out i32)
    (local $i i32) (local $x v128) (local $u v128) (local $t v128) (local $pp v128) (local $c v128)
    (local $t1 v128) (local $t2 v128) (local $pi v128) (local $err v128) (local $tl v128) (local $q v128)
    (local $lh v128) (local $s v128) (local $bb v128) (local $low v128) (local $e v128) (local $res v128)
    (local $r i32) (local $o i32)
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $r (i32.add (local.get $ref) (i32.mul (local.get $i) (local.get $refStride))))
        (local.set $o (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 4))))
        (local.set $x (v128.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 4)))))
        (local.set $pp (v128.load64_splat offset=0 (local.get $r)))
        (local.set $u (f64x2.sub (local.get $x) (local.get $pp)))
        (local.set $t (f64x2.div (local.get $u) (local.get $pp)))
        ;; t·p = pi + err exactly (Veltkamp's split of t, Dekker's product)
        (local.set $c (f64x2.mul (v128.const f64x2 134217729 134217729) (local.get $t)))
        (local.set $t1 (f64x2.sub (local.get $c) (f64x2.sub (local.get $c) (local.get $t))))
        (local.set $t2 (f64x2.sub (local.get $t) (local.get $t1)))
        (local.set $pi (f64x2.mul (local.get $t) (local.get $pp)))
        (local.set $err
          (f64x2.add
            (f64x2.add
              (f64x2.add (f64x2.sub (f64x2.mul (local.get $t1) (v128.load64_splat offset=32 (local.get $r))) (local.get $pi))
                (f64x2.mul (local.get $t1) (v128.load64_splat offset=40 (local.get $r))))
              (f64x2.mul (local.get $t2) (v128.load64_splat offset=32 (local.get $r))))
            (f64x2.mul (local.get $t2) (v128.load64_splat offset=40 (local.get $r)))))
        (local.set $tl (f64x2.div (f64x2.sub (f64x2.sub (local.get $u) (local.get $pi)) (local.get $err)) (local.get $pp)))
        ;; q = t²·(−1/2 + t·(1/3 + t·(−1/4 + t/5)))
        (local.set $q (f64x2.add (v128.const f64x2 -0.25 -0.25) (f64x2.mul (local.get $t) (v128.const f64x2 0.2 0.2))))
        (local.set $q (f64x2.add (v128.const f64x2 0x1.5555555555555p-2 0x1.5555555555555p-2) (f64x2.mul (local.get $t) (local.get $q))))
        (local.set $q (f64x2.add (v128.const f64x2 -0.5 -0.5) (f64x2.mul (local.get $t) (local.get $q))))
        (local.set $q (f64x2.mul (f64x2.mul (local.get $t) (local.get $t)) (local.get $q)))
        ;; s + se = L_hi + t exactly (TwoSum; se is the first part of low)
        (local.set $lh (v128.load64_splat offset=16 (local.get $r)))
        (local.set $s (f64x2.add (local.get $lh) (local.get $t)))
        (local.set $bb (f64x2.sub (local.get $s) (local.get $lh)))
        (local.set $low
          (f64x2.add
            (f64x2.add (f64x2.sub (local.get $lh) (f64x2.sub (local.get $s) (local.get $bb)))
              (f64x2.sub (local.get $t) (local.get $bb)))
            (f64x2.add (v128.load64_splat offset=24 (local.get $r)) (f64x2.add (local.get $tl) (local.get $q)))))
        (local.set $e (f64x2.add (v128.const f64x2 0x1p-77 0x1p-77)
          (f64x2.mul (f64x2.abs (local.get $s)) (v128.const f64x2 0x1p-66 0x1p-66))))
        (local.set $res (f64x2.add (local.get $s) (f64x2.sub (local.get $low) (local.get $e))))
        (if (i64x2.all_true
              (v128.and
                (f64x2.le (f64x2.abs (local.get $u)) (v128.load64_splat offset=8 (local.get $r)))
                (f64x2.eq (local.get $res) (f64x2.add (local.get $s) (f64x2.add (local.get $low) (local.get $e))))))
          (then (v128.store (local.get $o) (local.get $res)))
          (else
            (v128.store (local.get $o)
              (f64x2.replace_lane 1
                (f64x2.splat (call $log (f64x2.extract_lane 0 (local.get $x))))
                (call $log (f64x2.extract_lane 1 (local.get $x)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $pairs))))

  ;; The loss terms before their log, for count pair rows of K exp arguments (what
  ;; softmax_args leaves: pair i's output k at a + (i·K + k)·16, one row per lane):
  ;; the exps in place, each near its unperturbed row's (the K records of pair i at
  ;; ref + i·refStride, see exp_refs; Math.exp's bits either way), then per lane
  ;; e[label] / (0 + pairwise sum of the K exps) + delta, as softmaxRows and
  ;; crossEntropyErrorLabels compute it, into the pair out + 16·i. Both lanes of
  ;; pair i have the label at lab + i·labStride (i32; labStride 0: one label for all).
  (func (export "pair_probs") (param $a i32) (param $count i32) (param $K i32) (param $lab i32)
    (param $labStride i32) (param $delta f64) (param $ref i32) (param $refStride i32) (param $out i32)
    (local $i i32) (local $q i32) (local $end i32) (local $rowBytes i32) (local $s v128)
    (local.set $rowBytes (i32.shl (local.get $K) (i32.const 4)))
    (local.set $q (local.get $a))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $count)))
        (call $exp_near_row (local.get $q)
          (i32.add (local.get $ref) (i32.mul (local.get $i) (local.get $refStride))) (local.get $K))
        (local.set $q (i32.add (local.get $q) (local.get $rowBytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (local.set $i (i32.const 0))
    (local.set $q (local.get $a))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $s
          (f64x2.add (v128.const f64x2 0 0) (call $pairwise2 (local.get $q) (local.get $K))))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 4)))
          (f64x2.add
            (f64x2.div
              (v128.load (i32.add (local.get $q)
                (i32.shl
                  (i32.load (i32.add (local.get $lab) (i32.mul (local.get $i) (local.get $labStride))))
                  (i32.const 4))))
              (local.get $s))
            (f64x2.splat (local.get $delta))))
        (local.set $q (i32.add (local.get $q) (local.get $rowBytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; ---------------------------------------------------------------------------
  ;; exp: $exp2 (two lanes), init_exp_table, set_exp_table, exp_all

  ;; #include "exp.wat"
)
