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

(module
  ;; One memory, created by the engine and shared with its workers.
  (import "env" "memory" (memory 1 32768 shared))
  ;; JavaScript's Math.exp itself. V8's Math.exp is correctly rounded (LLVM
  ;; libc's exp), so any correctly rounded exp has its bits: $exp2 below
  ;; computes a correctly rounded exp of two arguments at once and calls this
  ;; one where it cannot be sure of the rounding.
  (import "env" "exp" (func $exp (param f64) (result f64)))

  ;; 2^(j/64) for j = 0 … 63, each as four f64: hi, lo (hi + lo = 2^(j/64) to
  ;; about 2^-107), and hi split in two 26-bit halves for exact products
  ;; (Dekker). Copied into the memory by init_exp_table; $tab is where.
  (data $expTable "\00\00\00\00\00\00\f0\3f\00\00\00\00\00\00\00\00\00\00\00\00\00\00\f0\3f\00\00\00\00\00\00\00\00\61\80\77\3e\9a\2c\f0\3f\5d\08\5b\53\83\90\71\bc\00\00\00\40\9a\2c\f0\3f\00\00\00\f0\f9\87\38\be\74\85\15\d3\b0\59\f0\3f\65\b4\75\a4\e2\73\8d\3c\00\00\00\d0\b0\59\f0\3f\00\00\00\a0\2b\ac\48\3e\c8\9b\75\18\45\87\f0\3f\ff\84\b2\4b\be\86\61\3c\00\00\00\18\45\87\f0\3f\00\00\00\00\f2\66\1d\3e\0f\89\f9\6c\58\b5\f0\3f\0b\61\dc\4a\2e\a6\98\3c\00\00\00\70\58\b5\f0\3f\00\00\00\88\b7\33\48\be\a2\d1\d3\32\ec\e3\f0\3f\53\7b\c5\27\17\3a\40\3c\00\00\00\30\ec\e3\f0\3f\00\00\00\10\8d\9e\46\3e\51\5b\12\d0\01\13\f1\3f\3a\9b\44\39\10\c5\96\bc\00\00\00\d0\01\13\f1\3f\00\00\00\00\51\5b\f2\3d\e0\2d\a9\ae\9a\42\f1\3f\9e\36\f1\9a\bf\2f\93\bc\00\00\00\b0\9a\42\f1\3f\00\00\00\00\22\6d\35\be\7b\51\7d\3c\b8\72\f1\3f\76\8a\d7\b9\41\90\81\bc\00\00\00\40\b8\72\f1\3f\00\00\00\28\74\15\4c\be\75\cb\6f\eb\5b\a3\f1\3f\e4\68\49\7b\4c\5b\8e\3c\00\00\00\e8\5b\a3\f1\3f\00\00\00\a8\5b\7e\4b\3e\aa\b9\68\31\87\d4\f1\3f\3c\64\a2\00\6e\01\9e\3c\00\00\00\30\87\d4\f1\3f\00\00\00\a0\9a\8b\36\3e\d6\8c\62\88\3b\06\f2\3f\95\84\4a\81\75\c7\8d\3c\00\00\00\88\3b\06\f2\3f\00\00\00\80\35\a3\18\3e\38\62\75\6e\7a\38\f2\3f\73\05\c7\b6\7e\b0\99\3c\00\00\00\70\7a\38\f2\3f\00\00\00\80\dc\a9\38\be\dd\7c\e2\65\45\6b\f2\3f\d9\e9\40\99\33\bd\82\3c\00\00\00\68\45\6b\f2\3f\00\00\00\18\19\ec\40\be\e1\de\1f\f5\9d\9e\f2\3f\55\12\ad\af\e8\12\86\3c\00\00\00\f8\9d\9e\f2\3f\00\00\00\f8\08\01\47\be\0b\03\e4\a6\85\d2\f2\3f\d5\41\db\54\47\02\90\3c\00\00\00\a8\85\d2\f2\3f\00\00\00\50\cf\bf\31\be\15\b7\31\0a\fe\06\f3\3f\e4\82\31\d2\6a\f4\86\3c\00\00\00\08\fe\06\f3\3f\00\00\00\a8\b8\8d\41\3e\ff\16\64\b2\08\3c\f3\3f\a6\59\36\84\21\27\93\3c\00\00\00\b0\08\3c\f3\3f\00\00\00\f8\b7\20\43\3e\cb\a9\3a\37\a7\71\f3\3f\e2\ea\42\bf\ea\3a\96\bc\00\00\00\38\a7\71\f3\3f\00\00\00\a0\c6\aa\28\be\f7\9f\e5\34\db\a7\f3\3f\e3\f5\61\d6\36\e4\75\bc\00\00\00\38\db\a7\f3\3f\00\00\00\48\00\d3\48\be\22\34\12\4c\a6\de\f3\3f\bc\9e\f0\11\09\da\8a\3c\00\00\00\50\a6\de\f3\3f\00\00\00\f0\5e\6e\4f\be\2a\2e\f7\21\0a\16\f4\3f\78\92\30\1c\69\f3\5e\bc\00\00\00\20\0a\16\f4\3f\00\00\00\a0\e2\72\3f\3e\2d\89\61\60\08\4e\f4\3f\d0\80\ef\04\7a\9b\48\3c\00\00\00\60\08\4e\f4\3f\00\00\00\40\4b\62\18\3e\d0\3c\c1\b5\a2\86\f4\3f\f0\62\90\b6\a3\c1\73\3c\00\00\00\b8\a2\86\f4\3f\00\00\00\80\19\f6\41\be\27\2a\36\d5\da\bf\f4\3f\e2\42\ec\af\97\43\7d\3c\00\00\00\d8\da\bf\f4\3f\00\00\00\c8\ae\4e\46\be\a7\2c\9d\76\b2\f9\f4\3f\e3\57\59\d2\09\b3\94\bc\00\00\00\78\b2\f9\f4\3f\00\00\00\90\35\2d\36\be\82\4f\9d\56\2b\34\f5\3f\ad\3c\b1\1d\be\7a\80\bc\00\00\00\58\2b\34\f5\3f\00\00\00\e0\07\2b\36\be\da\27\b5\36\47\6f\f5\3f\ad\93\1d\01\2c\bb\99\3c\00\00\00\38\47\6f\f5\3f\00\00\00\60\82\ad\34\be\29\54\48\dd\07\ab\f5\3f\ad\47\46\05\4c\32\96\3c\00\00\00\e0\07\ab\f5\3f\00\00\00\b8\5e\bd\45\be\48\21\ad\15\6f\e7\f5\3f\5e\e6\80\30\f9\a6\9b\3c\00\00\00\18\6f\e7\f5\3f\00\00\00\c0\f5\96\42\be\85\55\3a\b0\7e\24\f6\3f\97\b4\40\7e\c1\83\93\bc\00\00\00\b0\7e\24\f6\3f\00\00\00\80\c2\2a\0d\3e\25\22\55\82\38\62\f6\3f\34\1c\59\87\09\b6\9b\bc\00\00\00\80\38\62\f6\3f\00\00\00\28\11\a9\42\3e\cd\3b\7f\66\9e\a0\f6\3f\56\64\b2\13\34\dd\9b\bc\00\00\00\68\9e\a0\f6\3f\00\00\00\30\43\0c\38\be\2f\1a\65\3c\b2\df\f6\3f\ab\88\3c\68\3a\be\6b\bc\00\00\00\40\b2\df\f6\3f\00\00\00\88\2e\d7\4c\be\74\5f\ec\e8\75\1f\f7\3f\99\7a\88\86\47\6e\81\bc\00\00\00\e8\75\1f\f7\3f\00\00\00\80\ee\8b\2d\3e\c9\67\42\56\eb\5f\f7\3f\d3\6d\31\57\59\24\90\bc\00\00\00\58\eb\5f\f7\3f\00\00\00\70\83\d9\3b\be\87\01\eb\73\14\a1\f7\3f\2f\99\04\ee\77\15\84\bc\00\00\00\70\14\a1\f7\3f\00\00\00\38\0c\58\4f\3e\62\4e\cf\36\f3\e2\f7\3f\7e\79\15\ba\02\5d\70\3c\00\00\00\38\f3\e2\f7\3f\00\00\00\e0\19\0b\33\be\13\ce\4c\99\89\25\f8\3f\d8\32\15\d4\1d\4c\9d\bc\00\00\00\98\89\25\f8\3f\00\00\00\30\e1\cc\34\3e\ed\92\44\9b\d9\68\f8\3f\ba\f6\d4\9b\f8\c6\9f\bc\00\00\00\98\d9\68\f8\3f\00\00\00\68\97\24\4a\3e\db\a0\2a\42\e5\ac\f8\3f\27\4b\86\56\f1\e9\96\3c\00\00\00\40\e5\ac\f8\3f\00\00\00\d8\06\55\41\3e\36\77\15\99\ae\f1\f8\3f\6c\97\e3\a2\13\cc\85\3c\00\00\00\98\ae\f1\f8\3f\00\00\00\60\73\57\31\3e\e5\c5\cd\b0\37\37\f9\3f\bc\7e\b5\81\c7\5f\67\bc\00\00\00\b0\37\37\f9\3f\00\00\00\a0\bc\b8\29\3e\50\4e\de\9f\82\7d\f9\3f\d1\85\1b\7c\5b\18\9d\bc\00\00\00\a0\82\7d\f9\3f\00\00\00\00\d8\d8\00\be\90\f0\a3\82\91\c4\f9\3f\be\f2\71\b0\46\7c\7c\3c\00\00\00\80\91\c4\f9\3f\00\00\00\80\84\1f\45\3e\65\e5\5d\7b\66\0c\fa\3f\33\d5\1c\5d\49\59\93\bc\00\00\00\78\66\0c\fa\3f\00\00\00\28\2b\ef\4a\3e\5d\25\3e\b2\03\55\fa\3f\e1\41\8d\db\6e\2f\9d\bc\00\00\00\b0\03\55\fa\3f\00\00\00\e8\2a\f1\41\3e\bf\fd\79\55\6b\9e\fa\3f\31\fd\f7\0e\c9\fa\90\3c\00\00\00\58\6b\9e\fa\3f\00\00\00\08\12\30\44\be\ad\d3\5a\99\9f\e8\fa\3f\81\cc\5d\34\cd\a1\97\3c\00\00\00\98\9f\e8\fa\3f\00\00\00\d0\3a\ad\35\3e\fb\15\4f\b8\a2\33\fb\3f\08\d7\84\30\5e\80\62\bc\00\00\00\b8\a2\33\fb\3f\00\00\00\c0\7e\c5\13\3e\47\5e\fb\f2\76\7f\fb\3f\3b\ac\54\7e\4f\58\75\bc\00\00\00\f0\76\7f\fb\3f\00\00\00\38\f2\da\47\3e\d2\c1\4b\90\1e\cc\fb\3f\84\9e\2d\7a\d0\3d\82\3c\00\00\00\90\1e\cc\fb\3f\00\00\00\80\74\f0\12\3e\9c\52\85\dd\9b\19\fc\3f\dd\48\50\89\65\10\81\3c\00\00\00\e0\9b\19\fc\3f\00\00\00\20\6b\d5\43\be\4b\d1\57\2e\f1\67\fc\3f\ad\3c\48\ff\4d\88\92\3c\00\00\00\30\f1\67\fc\3f\00\00\00\50\eb\82\3a\be\69\90\ef\dc\20\b7\fc\3f\db\49\e9\d1\cb\03\75\3c\00\00\00\e0\20\b7\fc\3f\00\00\00\b8\7c\83\48\be\7c\89\07\4a\2d\07\fd\3f\9c\7a\79\43\37\bc\9c\bc\00\00\00\48\2d\07\fd\3f\00\00\00\e0\4b\3c\40\3e\87\a4\fb\dc\18\58\fd\3f\07\37\5b\d7\02\ed\82\3c\00\00\00\e0\18\58\fd\3f\00\00\00\c8\db\22\48\be\85\32\db\03\e6\a9\fd\3f\32\b5\6d\69\00\23\9c\3c\00\00\00\00\e6\a9\fd\3f\00\00\00\28\94\d9\4e\3e\5f\9b\7b\33\97\fc\fd\3f\5c\4b\18\4f\cd\a5\91\bc\00\00\00\30\97\fc\fd\3f\00\00\00\f8\da\dc\4b\3e\f6\3f\8b\e7\2e\50\fe\3f\8f\cc\a9\80\89\9e\83\3c\00\00\00\e8\2e\50\fe\3f\00\00\00\80\02\30\1d\be\da\90\a4\a2\af\a4\fe\3f\93\28\9c\17\23\9c\9e\bc\00\00\00\a0\af\a4\fe\3f\00\00\00\d0\86\24\45\3e\27\5a\61\ee\1b\fa\fe\3f\b0\b6\a4\86\f4\c7\9d\3c\00\00\00\f0\1b\fa\fe\3f\00\00\00\90\5d\ea\39\be\40\45\6e\5b\76\50\ff\3f\8b\a1\d8\2d\e1\d3\99\3c\00\00\00\58\76\50\ff\3f\00\00\00\00\2a\72\4b\3e\d8\90\9e\81\c1\a7\ff\3f\1e\93\a5\f3\53\48\87\3c\00\00\00\80\c1\a7\ff\3f\00\00\00\80\0d\e9\39\3e")
  (global $tab (mut i32) (i32.const 0))

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

  ;; out[i] = 1 / (1 + exp(−a[i])) for len elements (the book's sigmoid), two at a
  ;; time; out may be a.
  (func (export "sigmoid") (param $a i32) (param $len i32) (param $out i32)
    (local $i i32) (local $end i32)
    (local.set $end (i32.shl (local.get $len) (i32.const 3)))
    (block $done
      (loop $pairs
        (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $end)))
        (v128.store (i32.add (local.get $out) (local.get $i))
          (f64x2.div (v128.const f64x2 1 1)
            (f64x2.add (v128.const f64x2 1 1)
              (call $exp2 (f64x2.neg (v128.load (i32.add (local.get $a) (local.get $i))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $pairs)))
    (if (i32.lt_u (local.get $i) (local.get $end))
      (then
        (f64.store (i32.add (local.get $out) (local.get $i))
          (f64.div (f64.const 1)
            (f64.add (f64.const 1)
              (call $exp (f64.neg (f64.load (i32.add (local.get $a) (local.get $i)))))))))))

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
  (func (export "softmax_rows") (param $a i32) (param $n i32) (param $m i32) (param $out i32)
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
  (func (export "count_correct") (param $y i32) (param $labels i32) (param $n i32) (param $m i32)
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

  ;; ---------------------------------------------------------------------------
  ;; exp

  ;; Copies the exp table to ptr (2048 bytes, 16-byte aligned), once per memory.
  (func (export "init_exp_table") (param $ptr i32)
    (memory.init $expTable (local.get $ptr) (i32.const 0) (i32.const 2048)))

  ;; Tells this instance where the exp table is (each thread's instance).
  (func (export "set_exp_table") (param $ptr i32)
    (global.set $tab (local.get $ptr)))

  ;; exp of both lanes, correctly rounded: the bits of Math.exp.
  ;;
  ;; x = k·ln2/64 + r with k = nearest(x·64/ln2) and |r| <= ln2/128, so
  ;; exp(x) = 2^m · 2^(j/64) · exp(r) with k = 64m + j. r is kept as rh + rl
  ;; (ln2/64 in three parts, k·L1 exact, TwoSum), exp(r) − 1 − r by its Taylor
  ;; polynomial to r^7, 2^(j/64)·(1 + r) with an exact (Dekker) product and a
  ;; Fast2Sum, so exp(x)/2^m = sh + lo with an error below 2^-65·sh (every
  ;; rounding counted; the polynomial's tail is below 2^-75). The result is
  ;; fl(sh + lo) when fl(sh + (lo − E)) = fl(sh + (lo + E)) with E = 2^-60·sh,
  ;; 30 times the error bound: then the exact value, between the two, rounds
  ;; to the same double. Otherwise (about 1 lane in 100), and for |x| > 700
  ;; or NaN (where 2^m or the result could leave the normal range), the lane
  ;; comes from Math.exp.
  (func $exp2 (param $x v128) (result v128)
    (local $kf v128) (local $k v128) (local $r1 v128) (local $p v128) (local $rh v128)
    (local $rl v128) (local $bb v128) (local $q v128) (local $t0 v128) (local $t1 v128)
    (local $th v128) (local $tl v128) (local $thh v128) (local $thl v128)
    (local $c v128) (local $rhh v128) (local $rhl v128) (local $ph v128) (local $pl v128)
    (local $sh v128) (local $sl v128) (local $lo v128) (local $e v128)
    (local $res v128) (local $res2 v128) (local $scale v128) (local $a0 i32) (local $a1 i32)
    ;; |x| <= 700 in both lanes (false for NaN), else Math.exp for both
    (if (i32.eqz (i64x2.all_true (f64x2.le (f64x2.abs (local.get $x)) (v128.const f64x2 700 700))))
      (then
        (return
          (f64x2.replace_lane 1
            (f64x2.splat (call $exp (f64x2.extract_lane 0 (local.get $x))))
            (call $exp (f64x2.extract_lane 1 (local.get $x)))))))
    ;; k = nearest(x · 64/ln2); r = x − k·ln2/64 as rh + rl
    (local.set $kf
      (f64x2.nearest (f64x2.mul (local.get $x) (v128.const f64x2 0x1.71547652b82fep+6 0x1.71547652b82fep+6))))
    (local.set $k (i32x4.trunc_sat_f64x2_s_zero (local.get $kf)))
    (local.set $r1 ;; exact: k·L1 is exact and close to x
      (f64x2.sub (local.get $x) (f64x2.mul (local.get $kf) (v128.const f64x2 0x1.62e42ffp-7 0x1.62e42ffp-7))))
    (local.set $p (f64x2.mul (local.get $kf) (v128.const f64x2 -0x1.718432a1b0e26p-41 -0x1.718432a1b0e26p-41)))
    ;; TwoSum(r1, −p): rh + rl = r1 − p exactly
    (local.set $rh (f64x2.sub (local.get $r1) (local.get $p)))
    (local.set $bb (f64x2.sub (local.get $rh) (local.get $r1)))
    (local.set $rl
      (f64x2.add
        (f64x2.sub (local.get $r1) (f64x2.sub (local.get $rh) (local.get $bb)))
        (f64x2.sub (f64x2.neg (local.get $p)) (local.get $bb))))
    ;; q = exp(rh) − 1 − rh = rh²·(1/2 + rh·(1/6 + rh·(1/24 + rh·(1/120 + rh·(1/720 + rh/5040)))))
    (local.set $q
      (f64x2.add (v128.const f64x2 0x1.6c16c16c16c17p-10 0x1.6c16c16c16c17p-10)
        (f64x2.mul (local.get $rh) (v128.const f64x2 0x1.a01a01a01a01ap-13 0x1.a01a01a01a01ap-13))))
    (local.set $q
      (f64x2.add (v128.const f64x2 0x1.1111111111111p-7 0x1.1111111111111p-7) (f64x2.mul (local.get $rh) (local.get $q))))
    (local.set $q
      (f64x2.add (v128.const f64x2 0x1.5555555555555p-5 0x1.5555555555555p-5) (f64x2.mul (local.get $rh) (local.get $q))))
    (local.set $q
      (f64x2.add (v128.const f64x2 0x1.5555555555555p-3 0x1.5555555555555p-3) (f64x2.mul (local.get $rh) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $rh) (local.get $q))))
    (local.set $q (f64x2.mul (f64x2.mul (local.get $rh) (local.get $rh)) (local.get $q)))
    ;; the table rows of j = k mod 64 (k = 64m + j, m = floor(k / 64))
    (local.set $a0
      (i32.add (global.get $tab)
        (i32.shl (i32.and (i32x4.extract_lane 0 (local.get $k)) (i32.const 63)) (i32.const 5))))
    (local.set $a1
      (i32.add (global.get $tab)
        (i32.shl (i32.and (i32x4.extract_lane 1 (local.get $k)) (i32.const 63)) (i32.const 5))))
    (local.set $t0 (v128.load (local.get $a0)))
    (local.set $t1 (v128.load (local.get $a1)))
    (local.set $th (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
    (local.set $tl (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
    (local.set $t0 (v128.load offset=16 (local.get $a0)))
    (local.set $t1 (v128.load offset=16 (local.get $a1)))
    (local.set $thh (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
    (local.set $thl (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
    ;; ph + pl = th · rh exactly (Dekker: rh split in 26-bit halves)
    (local.set $c (f64x2.mul (local.get $rh) (v128.const f64x2 134217729 134217729)))
    (local.set $rhh (f64x2.sub (local.get $c) (f64x2.sub (local.get $c) (local.get $rh))))
    (local.set $rhl (f64x2.sub (local.get $rh) (local.get $rhh)))
    (local.set $ph (f64x2.mul (local.get $th) (local.get $rh)))
    (local.set $pl
      (f64x2.add
        (f64x2.add
          (f64x2.add
            (f64x2.sub (f64x2.mul (local.get $thh) (local.get $rhh)) (local.get $ph))
            (f64x2.mul (local.get $thh) (local.get $rhl)))
          (f64x2.mul (local.get $thl) (local.get $rhh)))
        (f64x2.mul (local.get $thl) (local.get $rhl))))
    ;; sh + sl = th + ph exactly (Fast2Sum, |th| > |ph|)
    (local.set $sh (f64x2.add (local.get $th) (local.get $ph)))
    (local.set $sl (f64x2.add (f64x2.sub (local.get $th) (local.get $sh)) (local.get $ph)))
    ;; lo = sl + pl + th·(rl + q) + tl·(1 + rh + q)
    (local.set $lo
      (f64x2.add (local.get $sl)
        (f64x2.add (local.get $pl)
          (f64x2.add
            (f64x2.mul (local.get $th) (f64x2.add (local.get $rl) (local.get $q)))
            (f64x2.mul (local.get $tl)
              (f64x2.add (v128.const f64x2 1 1) (f64x2.add (local.get $rh) (local.get $q))))))))
    ;; the rounding test
    (local.set $e (f64x2.mul (local.get $sh) (v128.const f64x2 0x1p-60 0x1p-60)))
    (local.set $res (f64x2.add (local.get $sh) (f64x2.sub (local.get $lo) (local.get $e))))
    (local.set $res2 (f64x2.add (local.get $sh) (f64x2.add (local.get $lo) (local.get $e))))
    ;; 2^m, exact and normal for |x| <= 700
    (local.set $scale
      (i64x2.shl
        (i64x2.add
          (i64x2.extend_low_i32x4_s (i32x4.shr_s (local.get $k) (i32.const 6)))
          (v128.const i64x2 1023 1023))
        (i32.const 52)))
    (local.set $res (f64x2.mul (local.get $res) (local.get $scale)))
    (local.set $res2 (f64x2.mul (local.get $res2) (local.get $scale)))
    (if (i32.eqz (i64x2.all_true (f64x2.eq (local.get $res) (local.get $res2))))
      (then
        (if (f64.ne (f64x2.extract_lane 0 (local.get $res)) (f64x2.extract_lane 0 (local.get $res2)))
          (then
            (local.set $res
              (f64x2.replace_lane 0 (local.get $res) (call $exp (f64x2.extract_lane 0 (local.get $x)))))))
        (if (f64.ne (f64x2.extract_lane 1 (local.get $res)) (f64x2.extract_lane 1 (local.get $res2)))
          (then
            (local.set $res
              (f64x2.replace_lane 1 (local.get $res) (call $exp (f64x2.extract_lane 1 (local.get $x)))))))))
    (local.get $res))

  ;; out[i] = exp(a[i]) for len elements, two at a time ($exp2); out may be a.
  (func (export "exp_all") (param $a i32) (param $len i32) (param $out i32)
    (local $i i32) (local $end i32)
    (local.set $end (i32.shl (local.get $len) (i32.const 3)))
    (block $done
      (loop $pairs
        (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $end)))
        (v128.store (i32.add (local.get $out) (local.get $i))
          (call $exp2 (v128.load (i32.add (local.get $a) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $pairs)))
    (if (i32.lt_u (local.get $i) (local.get $end))
      (then
        (f64.store (i32.add (local.get $out) (local.get $i))
          (call $exp (f64.load (i32.add (local.get $a) (local.get $i))))))))
)
