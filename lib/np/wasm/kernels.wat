;; kernels.wat — the matrix products of lib/np and the element-wise passes and
;; row sums of lib/net3.ts, WebAssembly SIMD (f64x2); and, at the end, numpy's legacy
;; gaussians (MT19937, polar method, glibc's log) for lib/np/gauss-block.ts.
;;
;; Source of lib/np/wasm/kernels.wasm; rebuild with `npm run build:wasm`
;; (lib/np/wasm/build.ts), which CI checks with `--check`. Used through
;; lib/np/kernels.ts, which copies the operands into `memory`, calls one of the
;; exports and copies the product out. All matrices are row-major f64; pointers
;; are byte offsets into `memory`; `out` must not overlap `a` or `b`.
;;
;;   matmul  (a, b, out, m, k, n)   out(m×n) = a·b    a stored (m×k), b stored (k×n)
;;   matmulTN(a, b, out, m, k, n)   out(m×n) = aᵀ·b   a stored (k×m), b stored (k×n)
;;   matmulNT(a, b, out, m, k, n)   out(m×n) = a·bᵀ   a stored (m×k), b stored (n×k)
;;
;; The one rule every kernel keeps: each output element is
;;
;;   acc = +0; for p = 0, 1, …, k-1: acc = acc + (A[i,p] * B[p,j]); out[i,j] = acc
;;
;; with a separate multiply and add (no fma), in exactly that order, so the
;; results equal the plain JS loops in lib/np/kernels.ts bit for bit (NaN
;; payloads aside). Only the order of *independent* work changes: a tile of
;; output elements (up to 4 rows × 4 columns) is held in registers while p runs,
;; one f64x2 lane per output element. No lane ever sums two p's.

(module
  (memory (export "memory") 1)

  ;; out(m×n) = A·b, where b is row-major (k×n) and A[i,p] lives at
  ;; a + i*ais + p*aps (bytes): matmul passes (8k, 8), matmulTN passes (8, 8m).
  ;; Tiles: 4 rows × {4, 2, 1} columns; the 1–3 rows left over as 2 rows, then 1 row, × {4, 2, 1} columns.
  ;; The 4- and 2-column tiles use f64x2 lanes across neighbouring columns j, j+1
  ;; (b[p, j..j+1] is contiguous); the 1-column tail is scalar.
  (func $gemm (param $a i32) (param $b i32) (param $out i32)
              (param $m i32) (param $k i32) (param $n i32)
              (param $ais i32) (param $aps i32)
    (local $bs i32)                       ;; bytes per row of b and of out: 8n
    (local $ais2 i32) (local $ais3 i32)   ;; 2·ais, 3·ais
    (local $i i32) (local $j i32) (local $p i32)
    (local $arow i32) (local $orow i32)   ;; &A[i,0], &out[i,0]
    (local $pa i32) (local $pb i32) (local $po i32)
    (local $av v128) (local $bv0 v128) (local $bv1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64) (local $sb f64)

    (local.set $bs (i32.shl (local.get $n) (i32.const 3)))
    (local.set $ais2 (i32.shl (local.get $ais) (i32.const 1)))
    (local.set $ais3 (i32.add (local.get $ais2) (local.get $ais)))
    (local.set $arow (local.get $a))
    (local.set $orow (local.get $out))
    (local.set $i (i32.const 0))

    ;; ---------------------------------------------------------- four rows at a time
    (block $rows4_done
      (loop $rows4
        (br_if $rows4_done (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
        (local.set $j (i32.const 0))

        ;; 4 rows × 4 columns: eight f64x2 accumulators
        (block $c4_done
          (loop $c4
            (br_if $c4_done (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
            (local.set $c00 (v128.const f64x2 0 0)) (local.set $c01 (v128.const f64x2 0 0))
            (local.set $c10 (v128.const f64x2 0 0)) (local.set $c11 (v128.const f64x2 0 0))
            (local.set $c20 (v128.const f64x2 0 0)) (local.set $c21 (v128.const f64x2 0 0))
            (local.set $c30 (v128.const f64x2 0 0)) (local.set $c31 (v128.const f64x2 0 0))
            (local.set $pa (local.get $arow))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (local.get $k))
            (block $k_done
              (loop $kl
                (br_if $k_done (i32.eqz (local.get $p)))
                (local.set $bv0 (v128.load (local.get $pb)))
                (local.set $bv1 (v128.load offset=16 (local.get $pb)))
                (local.set $av (v128.load64_splat (local.get $pa)))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $av) (local.get $bv0))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $av) (local.get $bv1))))
                (local.set $av (v128.load64_splat (i32.add (local.get $pa) (local.get $ais))))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $av) (local.get $bv0))))
                (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $av) (local.get $bv1))))
                (local.set $av (v128.load64_splat (i32.add (local.get $pa) (local.get $ais2))))
                (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $av) (local.get $bv0))))
                (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $av) (local.get $bv1))))
                (local.set $av (v128.load64_splat (i32.add (local.get $pa) (local.get $ais3))))
                (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $av) (local.get $bv0))))
                (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $av) (local.get $bv1))))
                (local.set $pa (i32.add (local.get $pa) (local.get $aps)))
                (local.set $pb (i32.add (local.get $pb) (local.get $bs)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $kl)))
            (local.set $po (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 3))))
            (v128.store (local.get $po) (local.get $c00))
            (v128.store offset=16 (local.get $po) (local.get $c01))
            (local.set $po (i32.add (local.get $po) (local.get $bs)))
            (v128.store (local.get $po) (local.get $c10))
            (v128.store offset=16 (local.get $po) (local.get $c11))
            (local.set $po (i32.add (local.get $po) (local.get $bs)))
            (v128.store (local.get $po) (local.get $c20))
            (v128.store offset=16 (local.get $po) (local.get $c21))
            (local.set $po (i32.add (local.get $po) (local.get $bs)))
            (v128.store (local.get $po) (local.get $c30))
            (v128.store offset=16 (local.get $po) (local.get $c31))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $c4)))

        ;; 4 rows × 2 columns
        (if (i32.le_s (i32.add (local.get $j) (i32.const 2)) (local.get $n))
          (then
            (local.set $c00 (v128.const f64x2 0 0)) (local.set $c10 (v128.const f64x2 0 0))
            (local.set $c20 (v128.const f64x2 0 0)) (local.set $c30 (v128.const f64x2 0 0))
            (local.set $pa (local.get $arow))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (local.get $k))
            (block $k_done
              (loop $kl
                (br_if $k_done (i32.eqz (local.get $p)))
                (local.set $bv0 (v128.load (local.get $pb)))
                (local.set $c00 (f64x2.add (local.get $c00)
                  (f64x2.mul (v128.load64_splat (local.get $pa)) (local.get $bv0))))
                (local.set $c10 (f64x2.add (local.get $c10)
                  (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $ais))) (local.get $bv0))))
                (local.set $c20 (f64x2.add (local.get $c20)
                  (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $ais2))) (local.get $bv0))))
                (local.set $c30 (f64x2.add (local.get $c30)
                  (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $ais3))) (local.get $bv0))))
                (local.set $pa (i32.add (local.get $pa) (local.get $aps)))
                (local.set $pb (i32.add (local.get $pb) (local.get $bs)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $kl)))
            (local.set $po (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 3))))
            (v128.store (local.get $po) (local.get $c00))
            (local.set $po (i32.add (local.get $po) (local.get $bs)))
            (v128.store (local.get $po) (local.get $c10))
            (local.set $po (i32.add (local.get $po) (local.get $bs)))
            (v128.store (local.get $po) (local.get $c20))
            (local.set $po (i32.add (local.get $po) (local.get $bs)))
            (v128.store (local.get $po) (local.get $c30))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))))

        ;; 4 rows × the last column (n odd): scalar
        (if (i32.lt_s (local.get $j) (local.get $n))
          (then
            (local.set $s0 (f64.const 0)) (local.set $s1 (f64.const 0))
            (local.set $s2 (f64.const 0)) (local.set $s3 (f64.const 0))
            (local.set $pa (local.get $arow))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (local.get $k))
            (block $k_done
              (loop $kl
                (br_if $k_done (i32.eqz (local.get $p)))
                (local.set $sb (f64.load (local.get $pb)))
                (local.set $s0 (f64.add (local.get $s0)
                  (f64.mul (f64.load (local.get $pa)) (local.get $sb))))
                (local.set $s1 (f64.add (local.get $s1)
                  (f64.mul (f64.load (i32.add (local.get $pa) (local.get $ais))) (local.get $sb))))
                (local.set $s2 (f64.add (local.get $s2)
                  (f64.mul (f64.load (i32.add (local.get $pa) (local.get $ais2))) (local.get $sb))))
                (local.set $s3 (f64.add (local.get $s3)
                  (f64.mul (f64.load (i32.add (local.get $pa) (local.get $ais3))) (local.get $sb))))
                (local.set $pa (i32.add (local.get $pa) (local.get $aps)))
                (local.set $pb (i32.add (local.get $pb) (local.get $bs)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $kl)))
            (local.set $po (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 3))))
            (f64.store (local.get $po) (local.get $s0))
            (local.set $po (i32.add (local.get $po) (local.get $bs)))
            (f64.store (local.get $po) (local.get $s1))
            (local.set $po (i32.add (local.get $po) (local.get $bs)))
            (f64.store (local.get $po) (local.get $s2))
            (local.set $po (i32.add (local.get $po) (local.get $bs)))
            (f64.store (local.get $po) (local.get $s3))))

        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (local.set $arow (i32.add (local.get $arow) (i32.shl (local.get $ais) (i32.const 2))))
        (local.set $orow (i32.add (local.get $orow) (i32.shl (local.get $bs) (i32.const 2))))
        (br $rows4)))

    ;; ---------------------------------------------------------- two rows (m mod 4 is 2 or 3)
    (if (i32.le_s (i32.add (local.get $i) (i32.const 2)) (local.get $m))
      (then
        (local.set $j (i32.const 0))

        ;; 2 rows × 4 columns
        (block $c4_done
          (loop $c4
            (br_if $c4_done (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
            (local.set $c00 (v128.const f64x2 0 0)) (local.set $c01 (v128.const f64x2 0 0))
            (local.set $c10 (v128.const f64x2 0 0)) (local.set $c11 (v128.const f64x2 0 0))
            (local.set $pa (local.get $arow))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (local.get $k))
            (block $k_done
              (loop $kl
                (br_if $k_done (i32.eqz (local.get $p)))
                (local.set $bv0 (v128.load (local.get $pb)))
                (local.set $bv1 (v128.load offset=16 (local.get $pb)))
                (local.set $av (v128.load64_splat (local.get $pa)))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $av) (local.get $bv0))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $av) (local.get $bv1))))
                (local.set $av (v128.load64_splat (i32.add (local.get $pa) (local.get $ais))))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $av) (local.get $bv0))))
                (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $av) (local.get $bv1))))
                (local.set $pa (i32.add (local.get $pa) (local.get $aps)))
                (local.set $pb (i32.add (local.get $pb) (local.get $bs)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $kl)))
            (local.set $po (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 3))))
            (v128.store (local.get $po) (local.get $c00))
            (v128.store offset=16 (local.get $po) (local.get $c01))
            (local.set $po (i32.add (local.get $po) (local.get $bs)))
            (v128.store (local.get $po) (local.get $c10))
            (v128.store offset=16 (local.get $po) (local.get $c11))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $c4)))

        ;; 2 rows × 2 columns
        (if (i32.le_s (i32.add (local.get $j) (i32.const 2)) (local.get $n))
          (then
            (local.set $c00 (v128.const f64x2 0 0)) (local.set $c10 (v128.const f64x2 0 0))
            (local.set $pa (local.get $arow))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (local.get $k))
            (block $k_done
              (loop $kl
                (br_if $k_done (i32.eqz (local.get $p)))
                (local.set $bv0 (v128.load (local.get $pb)))
                (local.set $c00 (f64x2.add (local.get $c00)
                  (f64x2.mul (v128.load64_splat (local.get $pa)) (local.get $bv0))))
                (local.set $c10 (f64x2.add (local.get $c10)
                  (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $ais))) (local.get $bv0))))
                (local.set $pa (i32.add (local.get $pa) (local.get $aps)))
                (local.set $pb (i32.add (local.get $pb) (local.get $bs)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $kl)))
            (local.set $po (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 3))))
            (v128.store (local.get $po) (local.get $c00))
            (v128.store (i32.add (local.get $po) (local.get $bs)) (local.get $c10))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))))

        ;; 2 rows × the last column: scalar
        (if (i32.lt_s (local.get $j) (local.get $n))
          (then
            (local.set $s0 (f64.const 0)) (local.set $s1 (f64.const 0))
            (local.set $pa (local.get $arow))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (local.get $k))
            (block $k_done
              (loop $kl
                (br_if $k_done (i32.eqz (local.get $p)))
                (local.set $sb (f64.load (local.get $pb)))
                (local.set $s0 (f64.add (local.get $s0)
                  (f64.mul (f64.load (local.get $pa)) (local.get $sb))))
                (local.set $s1 (f64.add (local.get $s1)
                  (f64.mul (f64.load (i32.add (local.get $pa) (local.get $ais))) (local.get $sb))))
                (local.set $pa (i32.add (local.get $pa) (local.get $aps)))
                (local.set $pb (i32.add (local.get $pb) (local.get $bs)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $kl)))
            (local.set $po (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 3))))
            (f64.store (local.get $po) (local.get $s0))
            (f64.store (i32.add (local.get $po) (local.get $bs)) (local.get $s1))))

        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (local.set $arow (i32.add (local.get $arow) (local.get $ais2)))
        (local.set $orow (i32.add (local.get $orow) (i32.shl (local.get $bs) (i32.const 1))))))

    ;; ---------------------------------------------------------- the last row (m odd)
    (block $rows1_done
      (loop $rows1
        (br_if $rows1_done (i32.ge_s (local.get $i) (local.get $m)))
        (local.set $j (i32.const 0))

        ;; 1 row × 4 columns
        (block $c4_done
          (loop $c4
            (br_if $c4_done (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
            (local.set $c00 (v128.const f64x2 0 0)) (local.set $c01 (v128.const f64x2 0 0))
            (local.set $pa (local.get $arow))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (local.get $k))
            (block $k_done
              (loop $kl
                (br_if $k_done (i32.eqz (local.get $p)))
                (local.set $av (v128.load64_splat (local.get $pa)))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $av) (v128.load (local.get $pb)))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $av) (v128.load offset=16 (local.get $pb)))))
                (local.set $pa (i32.add (local.get $pa) (local.get $aps)))
                (local.set $pb (i32.add (local.get $pb) (local.get $bs)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $kl)))
            (local.set $po (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 3))))
            (v128.store (local.get $po) (local.get $c00))
            (v128.store offset=16 (local.get $po) (local.get $c01))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $c4)))

        ;; 1 row × 2 columns
        (if (i32.le_s (i32.add (local.get $j) (i32.const 2)) (local.get $n))
          (then
            (local.set $c00 (v128.const f64x2 0 0))
            (local.set $pa (local.get $arow))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (local.get $k))
            (block $k_done
              (loop $kl
                (br_if $k_done (i32.eqz (local.get $p)))
                (local.set $c00 (f64x2.add (local.get $c00)
                  (f64x2.mul (v128.load64_splat (local.get $pa)) (v128.load (local.get $pb)))))
                (local.set $pa (i32.add (local.get $pa) (local.get $aps)))
                (local.set $pb (i32.add (local.get $pb) (local.get $bs)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $kl)))
            (v128.store (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 3))) (local.get $c00))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))))

        ;; 1 row × the last column: scalar
        (if (i32.lt_s (local.get $j) (local.get $n))
          (then
            (local.set $s0 (f64.const 0))
            (local.set $pa (local.get $arow))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (local.get $k))
            (block $k_done
              (loop $kl
                (br_if $k_done (i32.eqz (local.get $p)))
                (local.set $s0 (f64.add (local.get $s0)
                  (f64.mul (f64.load (local.get $pa)) (f64.load (local.get $pb)))))
                (local.set $pa (i32.add (local.get $pa) (local.get $aps)))
                (local.set $pb (i32.add (local.get $pb) (local.get $bs)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $kl)))
            (f64.store (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 3))) (local.get $s0))))

        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $arow (i32.add (local.get $arow) (local.get $ais)))
        (local.set $orow (i32.add (local.get $orow) (local.get $bs)))
        (br $rows1))))

  ;; out(m×n) = a·b, a stored (m×k): A[i,p] = a[i*k + p]
  (func (export "matmul") (param $a i32) (param $b i32) (param $out i32)
                          (param $m i32) (param $k i32) (param $n i32)
    (call $gemm (local.get $a) (local.get $b) (local.get $out)
                (local.get $m) (local.get $k) (local.get $n)
                (i32.shl (local.get $k) (i32.const 3)) (i32.const 8)))

  ;; out(m×n) = aᵀ·b, a stored (k×m): A[i,p] = a[p*m + i]
  (func (export "matmulTN") (param $a i32) (param $b i32) (param $out i32)
                            (param $m i32) (param $k i32) (param $n i32)
    (call $gemm (local.get $a) (local.get $b) (local.get $out)
                (local.get $m) (local.get $k) (local.get $n)
                (i32.const 8) (i32.shl (local.get $m) (i32.const 3))))

  ;; out(m×n) = a·bᵀ, a stored (m×k), b stored (n×k): out[i,j] = Σ_p a[i*k+p]·b[j*k+p].
  ;; Both operands run along p contiguously, so a lane cannot take two p's of one
  ;; element without changing the order; instead the lanes are two output columns
  ;; j, j+1, and the b vector (b[j,p], b[j+1,p]) is gathered with load64_zero +
  ;; load64_lane. Tiles as in $gemm: 4 rows, then 2, then 1, × {4, 2, 1} columns
  ;; (a single row first takes 8 columns at a time).
  (func (export "matmulNT") (param $a i32) (param $b i32) (param $out i32)
                            (param $m i32) (param $k i32) (param $n i32)
    (local $ks i32) (local $ks2 i32) (local $ks3 i32)   ;; bytes per row of a and b: 8k, and 2×, 3×
    (local $os i32)                                      ;; bytes per row of out: 8n
    (local $i i32) (local $j i32) (local $p i32)
    (local $arow i32) (local $orow i32) (local $brow i32)
    (local $pa i32) (local $pb i32) (local $pc i32) (local $po i32)
    (local $av v128) (local $bv0 v128) (local $bv1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64) (local $sb f64)
    (local $tail i32) (local $pt i32)                    ;; single row: last column still to do, its b row
    (local $xrow i32) (local $x4 i32)                    ;; four rows: a fifth (the last) rides along, at $pa + $x4
    (local $c40 v128) (local $c41 v128) (local $s4 f64)
    (local $x6 i32) (local $c50 v128)                    ;; six rows left and n = 2: rows 5 and 6 ride in the 4×2 tile

    (local.set $ks (i32.shl (local.get $k) (i32.const 3)))
    (local.set $ks2 (i32.shl (local.get $ks) (i32.const 1)))
    (local.set $ks3 (i32.add (local.get $ks2) (local.get $ks)))
    (local.set $os (i32.shl (local.get $n) (i32.const 3)))
    (local.set $arow (local.get $a))
    (local.set $orow (local.get $out))
    (local.set $i (i32.const 0))

    ;; ---------------------------------------------------------- four rows at a time
    (block $rows4_done
      (loop $rows4
        (br_if $rows4_done (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
        (local.set $j (i32.const 0))
        (local.set $brow (local.get $b))
        ;; When exactly five rows are left (m = 5, 9, …), the fifth runs in these tiles as
        ;; one more row of accumulators ($c40, $c41, $s4) instead of in tiles of its own:
        ;; with k long a tile is bound by the latency of its add chains, so the extra
        ;; chains cost less than tiles of their own (dW2 = dZ2·A1ᵀ of the course's
        ;; [·,10,5,1] nets: 3 tiles instead of 5). Each tile has its k loop twice, with
        ;; and without the fifth row. Likewise, when six rows are left and n = 2 (only the
        ;; 4×2 tile runs), the last two ride in it (dW1 = dZ1·Xᵀ, 10×2, of [2,10,5,1]).
        (local.set $xrow (i32.eq (i32.sub (local.get $m) (local.get $i)) (i32.const 5)))
        (local.set $x6 (i32.and (i32.eq (i32.sub (local.get $m) (local.get $i)) (i32.const 6))
                                (i32.eq (local.get $n) (i32.const 2))))
        (local.set $x4 (select (i32.shl (local.get $ks) (i32.const 2)) (i32.const 0)
                               (i32.or (local.get $xrow) (local.get $x6))))

        ;; 4 rows × 4 columns
        (block $c4_done
          (loop $c4
            (br_if $c4_done (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
            (local.set $c00 (v128.const f64x2 0 0)) (local.set $c01 (v128.const f64x2 0 0))
            (local.set $c10 (v128.const f64x2 0 0)) (local.set $c11 (v128.const f64x2 0 0))
            (local.set $c20 (v128.const f64x2 0 0)) (local.set $c21 (v128.const f64x2 0 0))
            (local.set $c30 (v128.const f64x2 0 0)) (local.set $c31 (v128.const f64x2 0 0))
            (local.set $c40 (v128.const f64x2 0 0)) (local.set $c41 (v128.const f64x2 0 0))
            (local.set $pa (local.get $arow))
            (local.set $pb (local.get $brow))
            (local.set $p (local.get $k))
            (if (local.get $xrow)
              (then ;; five rows
                (block $k_done
                  (loop $kl
                    (br_if $k_done (i32.eqz (local.get $p)))
                    (local.set $bv0 (v128.load64_lane 1 (i32.add (local.get $pb) (local.get $ks))
                                      (v128.load64_zero (local.get $pb))))
                    (local.set $bv1 (v128.load64_lane 1 (i32.add (local.get $pb) (local.get $ks3))
                                      (v128.load64_zero (i32.add (local.get $pb) (local.get $ks2)))))
                    (local.set $av (v128.load64_splat (local.get $pa)))
                    (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $av) (local.get $bv0))))
                    (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $av) (local.get $bv1))))
                    (local.set $av (v128.load64_splat (i32.add (local.get $pa) (local.get $ks))))
                    (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $av) (local.get $bv0))))
                    (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $av) (local.get $bv1))))
                    (local.set $av (v128.load64_splat (i32.add (local.get $pa) (local.get $ks2))))
                    (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $av) (local.get $bv0))))
                    (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $av) (local.get $bv1))))
                    (local.set $av (v128.load64_splat (i32.add (local.get $pa) (local.get $ks3))))
                    (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $av) (local.get $bv0))))
                    (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $av) (local.get $bv1))))
                    (local.set $av (v128.load64_splat (i32.add (local.get $pa) (local.get $x4))))
                    (local.set $c40 (f64x2.add (local.get $c40) (f64x2.mul (local.get $av) (local.get $bv0))))
                    (local.set $c41 (f64x2.add (local.get $c41) (f64x2.mul (local.get $av) (local.get $bv1))))
                    (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                    (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
                    (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                    (br $kl))))
              (else ;; four rows
                (block $k_done
                  (loop $kl
                    (br_if $k_done (i32.eqz (local.get $p)))
                    (local.set $bv0 (v128.load64_lane 1 (i32.add (local.get $pb) (local.get $ks))
                                      (v128.load64_zero (local.get $pb))))
                    (local.set $bv1 (v128.load64_lane 1 (i32.add (local.get $pb) (local.get $ks3))
                                      (v128.load64_zero (i32.add (local.get $pb) (local.get $ks2)))))
                    (local.set $av (v128.load64_splat (local.get $pa)))
                    (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $av) (local.get $bv0))))
                    (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $av) (local.get $bv1))))
                    (local.set $av (v128.load64_splat (i32.add (local.get $pa) (local.get $ks))))
                    (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $av) (local.get $bv0))))
                    (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $av) (local.get $bv1))))
                    (local.set $av (v128.load64_splat (i32.add (local.get $pa) (local.get $ks2))))
                    (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $av) (local.get $bv0))))
                    (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $av) (local.get $bv1))))
                    (local.set $av (v128.load64_splat (i32.add (local.get $pa) (local.get $ks3))))
                    (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $av) (local.get $bv0))))
                    (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $av) (local.get $bv1))))
                    (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                    (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
                    (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                    (br $kl)))))
            (local.set $po (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 3))))
            (v128.store (local.get $po) (local.get $c00))
            (v128.store offset=16 (local.get $po) (local.get $c01))
            (local.set $po (i32.add (local.get $po) (local.get $os)))
            (v128.store (local.get $po) (local.get $c10))
            (v128.store offset=16 (local.get $po) (local.get $c11))
            (local.set $po (i32.add (local.get $po) (local.get $os)))
            (v128.store (local.get $po) (local.get $c20))
            (v128.store offset=16 (local.get $po) (local.get $c21))
            (local.set $po (i32.add (local.get $po) (local.get $os)))
            (v128.store (local.get $po) (local.get $c30))
            (v128.store offset=16 (local.get $po) (local.get $c31))
            (if (local.get $xrow)
              (then
                (local.set $po (i32.add (local.get $po) (local.get $os)))
                (v128.store (local.get $po) (local.get $c40))
                (v128.store offset=16 (local.get $po) (local.get $c41))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (local.set $brow (i32.add (local.get $brow) (i32.shl (local.get $ks) (i32.const 2))))
            (br $c4)))

        ;; 4 rows × 2 columns
        (if (i32.le_s (i32.add (local.get $j) (i32.const 2)) (local.get $n))
          (then
            (local.set $c00 (v128.const f64x2 0 0)) (local.set $c10 (v128.const f64x2 0 0))
            (local.set $c20 (v128.const f64x2 0 0)) (local.set $c30 (v128.const f64x2 0 0))
            (local.set $c40 (v128.const f64x2 0 0))
            (local.set $pa (local.get $arow))
            (local.set $pb (local.get $brow))
            (local.set $p (local.get $k))
            (if (local.get $xrow)
              (then ;; five rows
                (block $k_done
                  (loop $kl
                    (br_if $k_done (i32.eqz (local.get $p)))
                    (local.set $bv0 (v128.load64_lane 1 (i32.add (local.get $pb) (local.get $ks))
                                      (v128.load64_zero (local.get $pb))))
                    (local.set $c00 (f64x2.add (local.get $c00)
                      (f64x2.mul (v128.load64_splat (local.get $pa)) (local.get $bv0))))
                    (local.set $c10 (f64x2.add (local.get $c10)
                      (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $ks))) (local.get $bv0))))
                    (local.set $c20 (f64x2.add (local.get $c20)
                      (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $ks2))) (local.get $bv0))))
                    (local.set $c30 (f64x2.add (local.get $c30)
                      (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $ks3))) (local.get $bv0))))
                    (local.set $c40 (f64x2.add (local.get $c40)
                      (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $x4))) (local.get $bv0))))
                    (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                    (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
                    (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                    (br $kl))))
              (else (if (local.get $x6)
              (then ;; six rows (n = 2)
                (local.set $c50 (v128.const f64x2 0 0))
                (block $k_done
                  (loop $kl
                    (br_if $k_done (i32.eqz (local.get $p)))
                    (local.set $bv0 (v128.load64_lane 1 (i32.add (local.get $pb) (local.get $ks))
                                      (v128.load64_zero (local.get $pb))))
                    (local.set $c00 (f64x2.add (local.get $c00)
                      (f64x2.mul (v128.load64_splat (local.get $pa)) (local.get $bv0))))
                    (local.set $c10 (f64x2.add (local.get $c10)
                      (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $ks))) (local.get $bv0))))
                    (local.set $c20 (f64x2.add (local.get $c20)
                      (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $ks2))) (local.get $bv0))))
                    (local.set $c30 (f64x2.add (local.get $c30)
                      (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $ks3))) (local.get $bv0))))
                    (local.set $c40 (f64x2.add (local.get $c40)
                      (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $x4))) (local.get $bv0))))
                    (local.set $c50 (f64x2.add (local.get $c50)
                      (f64x2.mul (v128.load64_splat (i32.add (i32.add (local.get $pa) (local.get $x4)) (local.get $ks)))
                                 (local.get $bv0))))
                    (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                    (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
                    (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                    (br $kl))))
              (else ;; four rows
                (block $k_done
                  (loop $kl
                    (br_if $k_done (i32.eqz (local.get $p)))
                    (local.set $bv0 (v128.load64_lane 1 (i32.add (local.get $pb) (local.get $ks))
                                      (v128.load64_zero (local.get $pb))))
                    (local.set $c00 (f64x2.add (local.get $c00)
                      (f64x2.mul (v128.load64_splat (local.get $pa)) (local.get $bv0))))
                    (local.set $c10 (f64x2.add (local.get $c10)
                      (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $ks))) (local.get $bv0))))
                    (local.set $c20 (f64x2.add (local.get $c20)
                      (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $ks2))) (local.get $bv0))))
                    (local.set $c30 (f64x2.add (local.get $c30)
                      (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $ks3))) (local.get $bv0))))
                    (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                    (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
                    (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                    (br $kl)))))))
            (local.set $po (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 3))))
            (v128.store (local.get $po) (local.get $c00))
            (local.set $po (i32.add (local.get $po) (local.get $os)))
            (v128.store (local.get $po) (local.get $c10))
            (local.set $po (i32.add (local.get $po) (local.get $os)))
            (v128.store (local.get $po) (local.get $c20))
            (local.set $po (i32.add (local.get $po) (local.get $os)))
            (v128.store (local.get $po) (local.get $c30))
            (if (i32.or (local.get $xrow) (local.get $x6))
              (then (v128.store (i32.add (local.get $po) (local.get $os)) (local.get $c40))))
            (if (local.get $x6)
              (then (v128.store (i32.add (i32.add (local.get $po) (local.get $os)) (local.get $os)) (local.get $c50))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (local.set $brow (i32.add (local.get $brow) (local.get $ks2)))))

        ;; 4 rows × the last column: scalar
        (if (i32.lt_s (local.get $j) (local.get $n))
          (then
            (local.set $s0 (f64.const 0)) (local.set $s1 (f64.const 0))
            (local.set $s2 (f64.const 0)) (local.set $s3 (f64.const 0))
            (local.set $s4 (f64.const 0))
            (local.set $pa (local.get $arow))
            (local.set $pb (local.get $brow))
            (local.set $p (local.get $k))
            (if (local.get $xrow)
              (then ;; five rows
                (block $k_done
                  (loop $kl
                    (br_if $k_done (i32.eqz (local.get $p)))
                    (local.set $sb (f64.load (local.get $pb)))
                    (local.set $s0 (f64.add (local.get $s0)
                      (f64.mul (f64.load (local.get $pa)) (local.get $sb))))
                    (local.set $s1 (f64.add (local.get $s1)
                      (f64.mul (f64.load (i32.add (local.get $pa) (local.get $ks))) (local.get $sb))))
                    (local.set $s2 (f64.add (local.get $s2)
                      (f64.mul (f64.load (i32.add (local.get $pa) (local.get $ks2))) (local.get $sb))))
                    (local.set $s3 (f64.add (local.get $s3)
                      (f64.mul (f64.load (i32.add (local.get $pa) (local.get $ks3))) (local.get $sb))))
                    (local.set $s4 (f64.add (local.get $s4)
                      (f64.mul (f64.load (i32.add (local.get $pa) (local.get $x4))) (local.get $sb))))
                    (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                    (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
                    (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                    (br $kl))))
              (else ;; four rows
                (block $k_done
                  (loop $kl
                    (br_if $k_done (i32.eqz (local.get $p)))
                    (local.set $sb (f64.load (local.get $pb)))
                    (local.set $s0 (f64.add (local.get $s0)
                      (f64.mul (f64.load (local.get $pa)) (local.get $sb))))
                    (local.set $s1 (f64.add (local.get $s1)
                      (f64.mul (f64.load (i32.add (local.get $pa) (local.get $ks))) (local.get $sb))))
                    (local.set $s2 (f64.add (local.get $s2)
                      (f64.mul (f64.load (i32.add (local.get $pa) (local.get $ks2))) (local.get $sb))))
                    (local.set $s3 (f64.add (local.get $s3)
                      (f64.mul (f64.load (i32.add (local.get $pa) (local.get $ks3))) (local.get $sb))))
                    (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                    (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
                    (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                    (br $kl)))))
            (local.set $po (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 3))))
            (f64.store (local.get $po) (local.get $s0))
            (local.set $po (i32.add (local.get $po) (local.get $os)))
            (f64.store (local.get $po) (local.get $s1))
            (local.set $po (i32.add (local.get $po) (local.get $os)))
            (f64.store (local.get $po) (local.get $s2))
            (local.set $po (i32.add (local.get $po) (local.get $os)))
            (f64.store (local.get $po) (local.get $s3))
            (if (local.get $xrow)
              (then (f64.store (i32.add (local.get $po) (local.get $os)) (local.get $s4))))))

        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (local.set $arow (i32.add (local.get $arow) (i32.shl (local.get $ks) (i32.const 2))))
        (local.set $orow (i32.add (local.get $orow) (i32.shl (local.get $os) (i32.const 2))))
        (if (local.get $xrow)
          (then ;; the fifth row is done: this was the last block (i = m)
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (local.set $arow (i32.add (local.get $arow) (local.get $ks)))
            (local.set $orow (i32.add (local.get $orow) (local.get $os)))))
        (if (local.get $x6)
          (then ;; the fifth and sixth rows are done (i = m)
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
            (local.set $arow (i32.add (local.get $arow) (local.get $ks2)))
            (local.set $orow (i32.add (local.get $orow) (i32.shl (local.get $os) (i32.const 1))))))
        (br $rows4)))

    ;; ---------------------------------------------------------- two rows (m mod 4 is 2 or 3)
    (if (i32.le_s (i32.add (local.get $i) (i32.const 2)) (local.get $m))
      (then
        (local.set $j (i32.const 0))
        (local.set $brow (local.get $b))

        ;; 2 rows × 4 columns
        (block $c4_done
          (loop $c4
            (br_if $c4_done (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
            (local.set $c00 (v128.const f64x2 0 0)) (local.set $c01 (v128.const f64x2 0 0))
            (local.set $c10 (v128.const f64x2 0 0)) (local.set $c11 (v128.const f64x2 0 0))
            (local.set $pa (local.get $arow))
            (local.set $pb (local.get $brow))
            (local.set $p (local.get $k))
            (block $k_done
              (loop $kl
                (br_if $k_done (i32.eqz (local.get $p)))
                (local.set $bv0 (v128.load64_lane 1 (i32.add (local.get $pb) (local.get $ks))
                                  (v128.load64_zero (local.get $pb))))
                (local.set $bv1 (v128.load64_lane 1 (i32.add (local.get $pb) (local.get $ks3))
                                  (v128.load64_zero (i32.add (local.get $pb) (local.get $ks2)))))
                (local.set $av (v128.load64_splat (local.get $pa)))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $av) (local.get $bv0))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $av) (local.get $bv1))))
                (local.set $av (v128.load64_splat (i32.add (local.get $pa) (local.get $ks))))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $av) (local.get $bv0))))
                (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $av) (local.get $bv1))))
                (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $kl)))
            (local.set $po (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 3))))
            (v128.store (local.get $po) (local.get $c00))
            (v128.store offset=16 (local.get $po) (local.get $c01))
            (local.set $po (i32.add (local.get $po) (local.get $os)))
            (v128.store (local.get $po) (local.get $c10))
            (v128.store offset=16 (local.get $po) (local.get $c11))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (local.set $brow (i32.add (local.get $brow) (i32.shl (local.get $ks) (i32.const 2))))
            (br $c4)))

        ;; 2 rows × 2 columns
        (if (i32.le_s (i32.add (local.get $j) (i32.const 2)) (local.get $n))
          (then
            (local.set $c00 (v128.const f64x2 0 0)) (local.set $c10 (v128.const f64x2 0 0))
            (local.set $pa (local.get $arow))
            (local.set $pb (local.get $brow))
            (local.set $p (local.get $k))
            (block $k_done
              (loop $kl
                (br_if $k_done (i32.eqz (local.get $p)))
                (local.set $bv0 (v128.load64_lane 1 (i32.add (local.get $pb) (local.get $ks))
                                  (v128.load64_zero (local.get $pb))))
                (local.set $c00 (f64x2.add (local.get $c00)
                  (f64x2.mul (v128.load64_splat (local.get $pa)) (local.get $bv0))))
                (local.set $c10 (f64x2.add (local.get $c10)
                  (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $ks))) (local.get $bv0))))
                (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $kl)))
            (local.set $po (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 3))))
            (v128.store (local.get $po) (local.get $c00))
            (v128.store (i32.add (local.get $po) (local.get $os)) (local.get $c10))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (local.set $brow (i32.add (local.get $brow) (local.get $ks2)))))

        ;; 2 rows × the last column: scalar
        (if (i32.lt_s (local.get $j) (local.get $n))
          (then
            (local.set $s0 (f64.const 0)) (local.set $s1 (f64.const 0))
            (local.set $pa (local.get $arow))
            (local.set $pb (local.get $brow))
            (local.set $p (local.get $k))
            (block $k_done
              (loop $kl
                (br_if $k_done (i32.eqz (local.get $p)))
                (local.set $sb (f64.load (local.get $pb)))
                (local.set $s0 (f64.add (local.get $s0)
                  (f64.mul (f64.load (local.get $pa)) (local.get $sb))))
                (local.set $s1 (f64.add (local.get $s1)
                  (f64.mul (f64.load (i32.add (local.get $pa) (local.get $ks))) (local.get $sb))))
                (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $kl)))
            (local.set $po (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 3))))
            (f64.store (local.get $po) (local.get $s0))
            (f64.store (i32.add (local.get $po) (local.get $os)) (local.get $s1))))

        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (local.set $arow (i32.add (local.get $arow) (local.get $ks2)))
        (local.set $orow (i32.add (local.get $orow) (i32.shl (local.get $os) (i32.const 1))))))

    ;; ---------------------------------------------------------- the last row (m odd)
    (block $rows1_done
      (loop $rows1
        (br_if $rows1_done (i32.ge_s (local.get $i) (local.get $m)))
        (local.set $j (i32.const 0))
        (local.set $brow (local.get $b))

        ;; 1 row × 8 columns: with k long a single row is bound by the latency of
        ;; its add chains, so this tile keeps four of them going (b rows j..j+3 from
        ;; $pb, j+4..j+7 from $pc)
        (block $c8_done
          (loop $c8
            (br_if $c8_done (i32.gt_s (i32.add (local.get $j) (i32.const 8)) (local.get $n)))
            (local.set $c00 (v128.const f64x2 0 0)) (local.set $c01 (v128.const f64x2 0 0))
            (local.set $c10 (v128.const f64x2 0 0)) (local.set $c11 (v128.const f64x2 0 0))
            (local.set $pa (local.get $arow))
            (local.set $pb (local.get $brow))
            (local.set $pc (i32.add (local.get $brow) (i32.shl (local.get $ks) (i32.const 2))))
            (local.set $p (local.get $k))
            (block $k_done
              (loop $kl
                (br_if $k_done (i32.eqz (local.get $p)))
                (local.set $av (v128.load64_splat (local.get $pa)))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $av)
                  (v128.load64_lane 1 (i32.add (local.get $pb) (local.get $ks))
                    (v128.load64_zero (local.get $pb))))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $av)
                  (v128.load64_lane 1 (i32.add (local.get $pb) (local.get $ks3))
                    (v128.load64_zero (i32.add (local.get $pb) (local.get $ks2)))))))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $av)
                  (v128.load64_lane 1 (i32.add (local.get $pc) (local.get $ks))
                    (v128.load64_zero (local.get $pc))))))
                (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $av)
                  (v128.load64_lane 1 (i32.add (local.get $pc) (local.get $ks3))
                    (v128.load64_zero (i32.add (local.get $pc) (local.get $ks2)))))))
                (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
                (local.set $pc (i32.add (local.get $pc) (i32.const 8)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $kl)))
            (local.set $po (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 3))))
            (v128.store (local.get $po) (local.get $c00))
            (v128.store offset=16 (local.get $po) (local.get $c01))
            (v128.store offset=32 (local.get $po) (local.get $c10))
            (v128.store offset=48 (local.get $po) (local.get $c11))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (local.set $brow (i32.add (local.get $brow) (i32.shl (local.get $ks) (i32.const 3))))
            (br $c8)))

        ;; Fewer than 8 columns left. When their number is odd, the last column (n-1) is
        ;; summed by the first of the 4- and 2-column tiles below that runs, as a scalar
        ;; chain next to its lanes ($s0 from $pt): each tile is bound by the latency of
        ;; its add chains, so the extra chain is nearly free, where a tile of its own
        ;; costs k adds one after another. Without an odd column the chain runs on
        ;; column j (any column in range) and is not stored.
        (local.set $tail (i32.and (i32.sub (local.get $n) (local.get $j)) (i32.const 1)))
        (local.set $pt (select
          (i32.add (local.get $brow) (i32.mul (i32.sub (i32.sub (local.get $n) (i32.const 1)) (local.get $j)) (local.get $ks)))
          (local.get $brow)
          (local.get $tail)))

        ;; 1 row × 4 columns (and the odd last column)
        (block $c4_done
          (loop $c4
            (br_if $c4_done (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
            (local.set $c00 (v128.const f64x2 0 0)) (local.set $c01 (v128.const f64x2 0 0))
            (local.set $s0 (f64.const 0))
            (local.set $pa (local.get $arow))
            (local.set $pb (local.get $brow))
            (local.set $pc (local.get $pt))
            (local.set $p (local.get $k))
            (block $k_done
              (loop $kl
                (br_if $k_done (i32.eqz (local.get $p)))
                (local.set $av (v128.load64_splat (local.get $pa)))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $av)
                  (v128.load64_lane 1 (i32.add (local.get $pb) (local.get $ks))
                    (v128.load64_zero (local.get $pb))))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $av)
                  (v128.load64_lane 1 (i32.add (local.get $pb) (local.get $ks3))
                    (v128.load64_zero (i32.add (local.get $pb) (local.get $ks2)))))))
                (local.set $s0 (f64.add (local.get $s0)
                  (f64.mul (f64.load (local.get $pa)) (f64.load (local.get $pc)))))
                (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
                (local.set $pc (i32.add (local.get $pc) (i32.const 8)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $kl)))
            (local.set $po (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 3))))
            (v128.store (local.get $po) (local.get $c00))
            (v128.store offset=16 (local.get $po) (local.get $c01))
            (if (local.get $tail)
              (then
                (f64.store (i32.add (local.get $orow) (i32.shl (i32.sub (local.get $n) (i32.const 1)) (i32.const 3)))
                  (local.get $s0))
                (local.set $tail (i32.const 0))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (local.set $brow (i32.add (local.get $brow) (i32.shl (local.get $ks) (i32.const 2))))
            (br $c4)))

        ;; 1 row × 2 columns (and the odd last column, if the 4-column tile did not take it)
        (if (i32.le_s (i32.add (local.get $j) (i32.const 2)) (local.get $n))
          (then
            (local.set $c00 (v128.const f64x2 0 0))
            (local.set $s0 (f64.const 0))
            (local.set $pa (local.get $arow))
            (local.set $pb (local.get $brow))
            (local.set $pc (local.get $pt))
            (local.set $p (local.get $k))
            (block $k_done
              (loop $kl
                (br_if $k_done (i32.eqz (local.get $p)))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (v128.load64_splat (local.get $pa))
                  (v128.load64_lane 1 (i32.add (local.get $pb) (local.get $ks))
                    (v128.load64_zero (local.get $pb))))))
                (local.set $s0 (f64.add (local.get $s0)
                  (f64.mul (f64.load (local.get $pa)) (f64.load (local.get $pc)))))
                (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
                (local.set $pc (i32.add (local.get $pc) (i32.const 8)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $kl)))
            (v128.store (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 3))) (local.get $c00))
            (if (local.get $tail)
              (then
                (f64.store (i32.add (local.get $orow) (i32.shl (i32.sub (local.get $n) (i32.const 1)) (i32.const 3)))
                  (local.get $s0))
                (local.set $tail (i32.const 0))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (local.set $brow (i32.add (local.get $brow) (local.get $ks2)))))

        ;; 1 row × the last column: scalar (only when it was the only column left)
        (if (local.get $tail)
          (then
            (local.set $s0 (f64.const 0))
            (local.set $pa (local.get $arow))
            (local.set $pb (local.get $brow))
            (local.set $p (local.get $k))
            (block $k_done
              (loop $kl
                (br_if $k_done (i32.eqz (local.get $p)))
                (local.set $s0 (f64.add (local.get $s0)
                  (f64.mul (f64.load (local.get $pa)) (f64.load (local.get $pb)))))
                (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $kl)))
            (f64.store (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 3))) (local.get $s0))))

        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $arow (i32.add (local.get $arow) (local.get $ks)))
        (local.set $orow (i32.add (local.get $orow) (local.get $os)))
        (br $rows1))))

  ;; ============================================================ element-wise passes
  ;; For lib/net3.ts (through the arena of lib/np/kernels.ts), each the same doubles as
  ;; its JS definition there, lane by lane (one element per lane, no reordering):
  ;;   relu(z) = 0 > z ? 0 : z  is  f64x2.pmax(z, 0)  (pmax(x, y) = x < y ? y : x: NaN and -0 kept)
  ;;   the ReLU mask (a > 0 ? 1 : 0) is  f64x2.gt(a, 0) AND the bits of 1.0

  ;; rows×m at z, a; b a column: a[i,j] = relu(z[i,j] + b[i]) (z is left as it is)
  (func (export "biasRelu") (param $z i32) (param $a i32) (param $b i32) (param $rows i32) (param $m i32)
    (local $i i32) (local $pz i32) (local $pa i32) (local $end i32)
    (local $bs f64) (local $bv v128) (local $zv v128) (local $zs f64)
    (local.set $pz (local.get $z))
    (local.set $pa (local.get $a))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $i) (local.get $rows)))
        (local.set $bs (f64.load (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $bv (f64x2.splat (local.get $bs)))
        (local.set $end (i32.add (local.get $pz) (i32.shl (local.get $m) (i32.const 3))))
        ;; four at a time, then two, then one
        (block $v4done
          (loop $v4
            (br_if $v4done (i32.gt_u (i32.add (local.get $pz) (i32.const 32)) (local.get $end)))
            (v128.store (local.get $pa)
              (f64x2.pmax (f64x2.add (v128.load (local.get $pz)) (local.get $bv)) (v128.const f64x2 0 0)))
            (v128.store offset=16 (local.get $pa)
              (f64x2.pmax (f64x2.add (v128.load offset=16 (local.get $pz)) (local.get $bv)) (v128.const f64x2 0 0)))
            (local.set $pz (i32.add (local.get $pz) (i32.const 32)))
            (local.set $pa (i32.add (local.get $pa) (i32.const 32)))
            (br $v4)))
        (block $vdone
          (loop $v
            (br_if $vdone (i32.gt_u (i32.add (local.get $pz) (i32.const 16)) (local.get $end)))
            (local.set $zv (f64x2.add (v128.load (local.get $pz)) (local.get $bv)))
            (v128.store (local.get $pa) (f64x2.pmax (local.get $zv) (v128.const f64x2 0 0)))
            (local.set $pz (i32.add (local.get $pz) (i32.const 16)))
            (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
            (br $v)))
        (if (i32.lt_u (local.get $pz) (local.get $end))
          (then
            (local.set $zs (f64.add (f64.load (local.get $pz)) (local.get $bs)))
            (f64.store (local.get $pa) (select (f64.const 0) (local.get $zs) (f64.lt (local.get $zs) (f64.const 0))))
            (local.set $pz (i32.add (local.get $pz) (i32.const 8)))
            (local.set $pa (i32.add (local.get $pa) (i32.const 8)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; as biasRelu, with dropout: a[i,j] = (relu(z[i,j] + b[i]) * d[i,j]) / keepProb
  (func (export "biasReluDrop") (param $z i32) (param $a i32) (param $b i32) (param $d i32)
                                (param $rows i32) (param $m i32) (param $kp f64)
    (local $i i32) (local $pz i32) (local $pa i32) (local $pd i32) (local $end i32)
    (local $bs f64) (local $bv v128) (local $kv v128) (local $zv v128) (local $zs f64)
    (local.set $pz (local.get $z))
    (local.set $pa (local.get $a))
    (local.set $pd (local.get $d))
    (local.set $kv (f64x2.splat (local.get $kp)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $i) (local.get $rows)))
        (local.set $bs (f64.load (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $bv (f64x2.splat (local.get $bs)))
        (local.set $end (i32.add (local.get $pz) (i32.shl (local.get $m) (i32.const 3))))
        (block $vdone
          (loop $v
            (br_if $vdone (i32.gt_u (i32.add (local.get $pz) (i32.const 16)) (local.get $end)))
            (local.set $zv (f64x2.add (v128.load (local.get $pz)) (local.get $bv)))
            (v128.store (local.get $pa)
              (f64x2.div
                (f64x2.mul (f64x2.pmax (local.get $zv) (v128.const f64x2 0 0)) (v128.load (local.get $pd)))
                (local.get $kv)))
            (local.set $pz (i32.add (local.get $pz) (i32.const 16)))
            (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
            (local.set $pd (i32.add (local.get $pd) (i32.const 16)))
            (br $v)))
        (if (i32.lt_u (local.get $pz) (local.get $end))
          (then
            (local.set $zs (f64.add (f64.load (local.get $pz)) (local.get $bs)))
            (f64.store (local.get $pa)
              (f64.div
                (f64.mul (select (f64.const 0) (local.get $zs) (f64.lt (local.get $zs) (f64.const 0)))
                         (f64.load (local.get $pd)))
                (local.get $kp)))
            (local.set $pz (i32.add (local.get $pz) (i32.const 8)))
            (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
            (local.set $pd (i32.add (local.get $pd) (i32.const 8)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; n elements: dz = da * (a > 0 ? 1 : 0)
  (func (export "reluBack") (param $da i32) (param $a i32) (param $dz i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $da) (i32.shl (local.get $n) (i32.const 3))))
    ;; four at a time, then two, then one
    (block $v4done
      (loop $v4
        (br_if $v4done (i32.gt_u (i32.add (local.get $da) (i32.const 32)) (local.get $end)))
        (v128.store (local.get $dz)
          (f64x2.mul (v128.load (local.get $da))
                     (v128.and (f64x2.gt (v128.load (local.get $a)) (v128.const f64x2 0 0))
                               (v128.const f64x2 1 1))))
        (v128.store offset=16 (local.get $dz)
          (f64x2.mul (v128.load offset=16 (local.get $da))
                     (v128.and (f64x2.gt (v128.load offset=16 (local.get $a)) (v128.const f64x2 0 0))
                               (v128.const f64x2 1 1))))
        (local.set $da (i32.add (local.get $da) (i32.const 32)))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $dz (i32.add (local.get $dz) (i32.const 32)))
        (br $v4)))
    (block $vdone
      (loop $v
        (br_if $vdone (i32.gt_u (i32.add (local.get $da) (i32.const 16)) (local.get $end)))
        (v128.store (local.get $dz)
          (f64x2.mul (v128.load (local.get $da))
                     (v128.and (f64x2.gt (v128.load (local.get $a)) (v128.const f64x2 0 0))
                               (v128.const f64x2 1 1))))
        (local.set $da (i32.add (local.get $da) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $dz (i32.add (local.get $dz) (i32.const 16)))
        (br $v)))
    (if (i32.lt_u (local.get $da) (local.get $end))
      (then
        (f64.store (local.get $dz)
          (f64.mul (f64.load (local.get $da))
                   (select (f64.const 1) (f64.const 0) (f64.gt (f64.load (local.get $a)) (f64.const 0))))))))

  ;; rows×m: dz[i,j] = (0 + w[i]·d[j]) · (a[i,j] > 0 ? 1 : 0): matmulTN(w, d, da, rows, 1, m)
  ;; (k = 1: da[i,j] = +0 + w[i]·d[j]) and reluBack(da, a, dz) in one pass, da not written
  ;; (dA2 = W3ᵀ·dZ3 then the mask, for an output layer of one unit).
  (func (export "outerReluBack") (param $w i32) (param $d i32) (param $a i32) (param $dz i32)
                                 (param $rows i32) (param $m i32)
    (local $i i32) (local $j i32) (local $wi f64) (local $wv v128) (local $mb i32)
    (local.set $mb (i32.shl (local.get $m) (i32.const 3)))
    (block $done
      (loop $rowsl
        (br_if $done (i32.ge_s (local.get $i) (local.get $rows)))
        (local.set $wi (f64.load (i32.add (local.get $w) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $wv (f64x2.splat (local.get $wi)))
        (local.set $j (i32.const 0))
        (block $vdone
          (loop $v
            (br_if $vdone (i32.gt_s (i32.add (local.get $j) (i32.const 16)) (local.get $mb)))
            (v128.store (i32.add (local.get $dz) (local.get $j))
              (f64x2.mul
                (f64x2.add (v128.const f64x2 0 0)
                           (f64x2.mul (local.get $wv) (v128.load (i32.add (local.get $d) (local.get $j)))))
                (v128.and (f64x2.gt (v128.load (i32.add (local.get $a) (local.get $j))) (v128.const f64x2 0 0))
                          (v128.const f64x2 1 1))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $v)))
        (if (i32.lt_s (local.get $j) (local.get $mb))
          (then
            (f64.store (i32.add (local.get $dz) (local.get $j))
              (f64.mul
                (f64.add (f64.const 0) (f64.mul (local.get $wi) (f64.load (i32.add (local.get $d) (local.get $j)))))
                (select (f64.const 1) (f64.const 0)
                        (f64.gt (f64.load (i32.add (local.get $a) (local.get $j))) (f64.const 0)))))))
        (local.set $a (i32.add (local.get $a) (local.get $mb)))
        (local.set $dz (i32.add (local.get $dz) (local.get $mb)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rowsl))))

    ;; n elements, dropout: da = (da * d) / keepProb; dz = da * (a > 0 ? 1 : 0)
  (func (export "reluBackDrop") (param $da i32) (param $a i32) (param $d i32) (param $dz i32)
                                (param $n i32) (param $kp f64)
    (local $end i32) (local $kv v128) (local $t v128) (local $ts f64)
    (local.set $kv (f64x2.splat (local.get $kp)))
    (local.set $end (i32.add (local.get $da) (i32.shl (local.get $n) (i32.const 3))))
    (block $vdone
      (loop $v
        (br_if $vdone (i32.gt_u (i32.add (local.get $da) (i32.const 16)) (local.get $end)))
        (local.set $t (f64x2.div (f64x2.mul (v128.load (local.get $da)) (v128.load (local.get $d))) (local.get $kv)))
        (v128.store (local.get $da) (local.get $t))
        (v128.store (local.get $dz)
          (f64x2.mul (local.get $t)
                     (v128.and (f64x2.gt (v128.load (local.get $a)) (v128.const f64x2 0 0))
                               (v128.const f64x2 1 1))))
        (local.set $da (i32.add (local.get $da) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (local.set $dz (i32.add (local.get $dz) (i32.const 16)))
        (br $v)))
    (if (i32.lt_u (local.get $da) (local.get $end))
      (then
        (local.set $ts (f64.div (f64.mul (f64.load (local.get $da)) (f64.load (local.get $d))) (local.get $kp)))
        (f64.store (local.get $da) (local.get $ts))
        (f64.store (local.get $dz)
          (f64.mul (local.get $ts)
                   (select (f64.const 1) (f64.const 0) (f64.gt (f64.load (local.get $a)) (f64.const 0))))))))

  ;; n elements: out = (a - y) * scale, or a - y when $scaled is 0   (dZ3 = A3 - Y [· (1/m)])
  (func (export "diffScale") (param $a i32) (param $y i32) (param $out i32) (param $n i32)
                             (param $scaled i32) (param $scale f64)
    (local $end i32) (local $sv v128) (local $d f64)
    (local.set $sv (f64x2.splat (local.get $scale)))
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 3))))
    (block $vdone
      (loop $v
        (br_if $vdone (i32.gt_u (i32.add (local.get $a) (i32.const 16)) (local.get $end)))
        (if (local.get $scaled)
          (then (v128.store (local.get $out)
                  (f64x2.mul (f64x2.sub (v128.load (local.get $a)) (v128.load (local.get $y))) (local.get $sv))))
          (else (v128.store (local.get $out) (f64x2.sub (v128.load (local.get $a)) (v128.load (local.get $y))))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $v)))
    (if (i32.lt_u (local.get $a) (local.get $end))
      (then
        (local.set $d (f64.sub (f64.load (local.get $a)) (f64.load (local.get $y))))
        (if (local.get $scaled) (then (local.set $d (f64.mul (local.get $d) (local.get $scale)))))
        (f64.store (local.get $out) (local.get $d)))))

  ;; n elements: p = p - g * lr   (gradient descent over all parameters at once)
  (func (export "gdStep") (param $p i32) (param $g i32) (param $n i32) (param $lr f64)
    (local $end i32) (local $lv v128)
    (local.set $lv (f64x2.splat (local.get $lr)))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
    (block $vdone
      (loop $v
        (br_if $vdone (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
        (v128.store (local.get $p) (f64x2.sub (v128.load (local.get $p)) (f64x2.mul (v128.load (local.get $g)) (local.get $lv))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (br $v)))
    (if (i32.lt_u (local.get $p) (local.get $end))
      (then (f64.store (local.get $p) (f64.sub (f64.load (local.get $p)) (f64.mul (f64.load (local.get $g)) (local.get $lr)))))))

  ;; ============================================================ sigmoid, with V8's Math.exp
  ;; $exp is fdlibm's e_exp.c as V8 ships it (src/base/ieee754.cc `exp`, exp(1) = E special
  ;; case included), which is what Math.exp computes: the same double for every input
  ;; (kernels.test.ts compares them over millions of inputs, so an engine that changes its
  ;; exp fails there).
  (func $exp (param $x f64) (result f64)
    (local $hx i32) (local $xsb i32) (local $k i32)
    (local $hi f64) (local $lo f64) (local $t f64) (local $c f64) (local $y f64) (local $twopk f64)
    (local.set $hx (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $x)) (i64.const 32))))
    (local.set $xsb (i32.shr_u (local.get $hx) (i32.const 31)))
    (local.set $hx (i32.and (local.get $hx) (i32.const 0x7fffffff)))
    ;; |x| >= 709.78…: non-finite, overflow, underflow
    (if (i32.ge_u (local.get $hx) (i32.const 0x40862E42))
      (then
        (if (i32.ge_u (local.get $hx) (i32.const 0x7ff00000))
          (then
            (if (f64.ne (local.get $x) (local.get $x)) (then (return (f64.add (local.get $x) (local.get $x)))))
            (return (select (local.get $x) (f64.const 0) (i32.eqz (local.get $xsb))))))
        (if (f64.gt (local.get $x) (f64.const 7.09782712893383973096e+02)) (then (return (f64.const inf))))
        (if (f64.lt (local.get $x) (f64.const -7.45133219101941108420e+02)) (then (return (f64.const 0))))))
    ;; argument reduction: x = hi - lo, exp(x) = 2^k exp(hi - lo)
    (if (i32.gt_u (local.get $hx) (i32.const 0x3FD62E42))
      (then
        (if (i32.lt_u (local.get $hx) (i32.const 0x3FF0A2B2))
          (then
            (if (f64.eq (local.get $x) (f64.const 1)) (then (return (f64.const 2.718281828459045))))
            (local.set $hi (f64.sub (local.get $x)
              (select (f64.const -6.93147180369123816490e-01) (f64.const 6.93147180369123816490e-01) (local.get $xsb))))
            (local.set $lo (select (f64.const -1.90821492927058770002e-10) (f64.const 1.90821492927058770002e-10) (local.get $xsb)))
            (local.set $k (i32.sub (i32.const 1) (i32.shl (local.get $xsb) (i32.const 1)))))
          (else
            (local.set $k (i32.trunc_f64_s (f64.add (f64.mul (f64.const 1.44269504088896338700e+00) (local.get $x))
              (select (f64.const -0.5) (f64.const 0.5) (local.get $xsb)))))
            (local.set $t (f64.convert_i32_s (local.get $k)))
            (local.set $hi (f64.sub (local.get $x) (f64.mul (local.get $t) (f64.const 6.93147180369123816490e-01))))
            (local.set $lo (f64.mul (local.get $t) (f64.const 1.90821492927058770002e-10)))))
        (local.set $x (f64.sub (local.get $hi) (local.get $lo))))
      (else
        ;; |x| < 2^-28: 1 + x
        (if (i32.lt_u (local.get $hx) (i32.const 0x3e300000))
          (then
            (if (f64.gt (f64.add (f64.const 1e300) (local.get $x)) (f64.const 1))
              (then (return (f64.add (f64.const 1) (local.get $x)))))))))
    (local.set $t (f64.mul (local.get $x) (local.get $x)))
    (local.set $twopk (f64.reinterpret_i64 (i64.shl
      (i64.extend_i32_s (i32.add (i32.const 0x3ff)
        (select (local.get $k) (i32.add (local.get $k) (i32.const 1000)) (i32.ge_s (local.get $k) (i32.const -1021)))))
      (i64.const 52))))
    (local.set $c (f64.sub (local.get $x)
      (f64.mul (local.get $t)
        (f64.add (f64.const 1.66666666666666019037e-01) (f64.mul (local.get $t)
        (f64.add (f64.const -2.77777777770155933842e-03) (f64.mul (local.get $t)
        (f64.add (f64.const 6.61375632143793436117e-05) (f64.mul (local.get $t)
        (f64.add (f64.const -1.65339022054652515390e-06) (f64.mul (local.get $t) (f64.const 4.13813679705723846039e-08))))))))))))
    (if (i32.eqz (local.get $k))
      (then (return (f64.sub (f64.const 1)
        (f64.sub (f64.div (f64.mul (local.get $x) (local.get $c)) (f64.sub (local.get $c) (f64.const 2))) (local.get $x))))))
    (local.set $y (f64.sub (f64.const 1)
      (f64.sub (f64.sub (local.get $lo) (f64.div (f64.mul (local.get $x) (local.get $c)) (f64.sub (f64.const 2) (local.get $c))))
               (local.get $hi))))
    (if (i32.ge_s (local.get $k) (i32.const -1021))
      (then
        (if (i32.eq (local.get $k) (i32.const 1024))
          (then (return (f64.mul (f64.mul (local.get $y) (f64.const 2)) (f64.const 0x1p1023)))))
        (return (f64.mul (local.get $y) (local.get $twopk)))))
    (f64.mul (f64.mul (local.get $y) (local.get $twopk)) (f64.const 0x1p-1000)))

  ;; Math.exp(x), for the tests
  (func (export "exp") (param $x f64) (result f64) (call $exp (local.get $x)))

  ;; 1 / (1 + exp(x)) for the two lanes of x, with $exp's operations lane by lane. Its three
  ;; reductions are one here: k = 0 (|x| <= 0.5 ln2), ±1 (< 1.5 ln2) or trunc(x/ln2 ± 1/2),
  ;; then hi = x - k·Ln2hi, lo = k·Ln2lo (exact for k = 0 and ±1, so the same doubles as
  ;; $exp's special forms, whose k = 0 formula is this one with lo = 0). Lanes outside
  ;; 2^-28 <= |x| < 512, or x = 1, go through $exp one at a time.
  (func $sigmoid2 (param $x v128) (result v128)
    (local $h v128) (local $t v128) (local $hi v128) (local $lo v128) (local $r v128) (local $rr v128) (local $c v128)
    (local $y v128) (local $p v128)
    (local.set $h (v128.and (i64x2.shr_u (local.get $x) (i32.const 32)) (v128.const i64x2 0x7fffffff 0x7fffffff)))
    (if (v128.any_true (v128.or (v128.or
          (i64x2.ge_s (local.get $h) (v128.const i64x2 0x40800000 0x40800000))
          (i64x2.lt_s (local.get $h) (v128.const i64x2 0x3e300000 0x3e300000)))
          (f64x2.eq (local.get $x) (v128.const f64x2 1 1))))
      (then
        (return (f64x2.replace_lane 1
          (f64x2.splat (f64.div (f64.const 1) (f64.add (f64.const 1) (call $exp (f64x2.extract_lane 0 (local.get $x))))))
          (f64.div (f64.const 1) (f64.add (f64.const 1) (call $exp (f64x2.extract_lane 1 (local.get $x)))))))))
    ;; k as a double: 0, ±1 (sign of x), or trunc(invln2·x ± 0.5)
    (local.set $t (f64x2.trunc (f64x2.add (f64x2.mul (local.get $x) (v128.const f64x2 1.44269504088896338700e+00 1.44269504088896338700e+00))
      (v128.bitselect (v128.const f64x2 -0.5 -0.5) (v128.const f64x2 0.5 0.5) (i64x2.lt_s (local.get $x) (v128.const i64x2 0 0))))))
    (local.set $t (v128.bitselect
      (v128.bitselect (v128.const f64x2 -1 -1) (v128.const f64x2 1 1) (i64x2.lt_s (local.get $x) (v128.const i64x2 0 0)))
      (local.get $t)
      (i64x2.lt_s (local.get $h) (v128.const i64x2 0x3FF0A2B2 0x3FF0A2B2))))
    (local.set $t (v128.and (local.get $t)
      (i64x2.gt_s (local.get $h) (v128.const i64x2 0x3FD62E42 0x3FD62E42))))
    (local.set $hi (f64x2.sub (local.get $x) (f64x2.mul (local.get $t) (v128.const f64x2 6.93147180369123816490e-01 6.93147180369123816490e-01))))
    (local.set $lo (f64x2.mul (local.get $t) (v128.const f64x2 1.90821492927058770002e-10 1.90821492927058770002e-10)))
    (local.set $r (f64x2.sub (local.get $hi) (local.get $lo)))
    (local.set $rr (f64x2.mul (local.get $r) (local.get $r)))
    (local.set $c (f64x2.sub (local.get $r)
      (f64x2.mul (local.get $rr)
        (f64x2.add (v128.const f64x2 1.66666666666666019037e-01 1.66666666666666019037e-01) (f64x2.mul (local.get $rr)
        (f64x2.add (v128.const f64x2 -2.77777777770155933842e-03 -2.77777777770155933842e-03) (f64x2.mul (local.get $rr)
        (f64x2.add (v128.const f64x2 6.61375632143793436117e-05 6.61375632143793436117e-05) (f64x2.mul (local.get $rr)
        (f64x2.add (v128.const f64x2 -1.65339022054652515390e-06 -1.65339022054652515390e-06)
                   (f64x2.mul (local.get $rr) (v128.const f64x2 4.13813679705723846039e-08 4.13813679705723846039e-08))))))))))))
    (local.set $y (f64x2.sub (v128.const f64x2 1 1)
      (f64x2.sub (f64x2.sub (local.get $lo)
                            (f64x2.div (f64x2.mul (local.get $r) (local.get $c)) (f64x2.sub (v128.const f64x2 2 2) (local.get $c))))
                 (local.get $hi))))
    ;; 2^k: (k + 1023) << 52, |k| < 740
    (local.set $p (i64x2.shl
      (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $t))) (v128.const i64x2 1023 1023))
      (i32.const 52)))
    (f64x2.div (v128.const f64x2 1 1) (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (local.get $y) (local.get $p)))))

  ;; rows×m at z, a; b a column: a[i,j] = 1 / (1 + exp(-(z[i,j] + b[i])))   (sigmoid(Z + b)),
  ;; two at a time through $sigmoid2 (a row's last odd element alone through $exp)
  (func (export "biasSigmoid") (param $z i32) (param $a i32) (param $b i32) (param $rows i32) (param $m i32)
    (local $i i32) (local $bs f64) (local $bv v128) (local $end i32)
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $i) (local.get $rows)))
        (local.set $bs (f64.load (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $bv (f64x2.splat (local.get $bs)))
        (local.set $end (i32.add (local.get $z) (i32.shl (local.get $m) (i32.const 3))))
        (block $vdone
          (loop $v
            (br_if $vdone (i32.gt_u (i32.add (local.get $z) (i32.const 16)) (local.get $end)))
            (v128.store (local.get $a) (call $sigmoid2 (f64x2.neg (f64x2.add (v128.load (local.get $z)) (local.get $bv)))))
            (local.set $z (i32.add (local.get $z) (i32.const 16)))
            (local.set $a (i32.add (local.get $a) (i32.const 16)))
            (br $v)))
        (if (i32.lt_u (local.get $z) (local.get $end))
          (then
            (f64.store (local.get $a)
              (f64.div (f64.const 1)
                (f64.add (f64.const 1) (call $exp (f64.neg (f64.add (f64.load (local.get $z)) (local.get $bs)))))))
            (local.set $z (i32.add (local.get $z) (i32.const 8)))
            (local.set $a (i32.add (local.get $a) (i32.const 8)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; ============================================================ sums in numpy's pairwise order
  ;; The same doubles as lib/np/ops.ts pairwiseSum: below 8 elements a plain loop from -0;
  ;; up to 128, eight running sums r0..r7 (here the lanes of four f64x2: r0,r1 | r2,r3 |
  ;; r4,r5 | r6,r7, each lane its own sum, as in the JS), combined as
  ;; ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the tail; above 128, split at n/2 rounded
  ;; down to a multiple of 8 and recurse.
  (func $pairwise (param $p i32) (param $n i32) (result f64)
    (local $res f64) (local $i i32) (local $stop i32)
    (local $r01 v128) (local $r23 v128) (local $r45 v128) (local $r67 v128)
    (local $n2 i32) (local $q i32)
    (if (i32.lt_s (local.get $n) (i32.const 8))
      (then
        (local.set $res (f64.const -0))
        (block $done
          (loop $l
            (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
            (local.set $res (f64.add (local.get $res)
              (f64.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 3))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $l)))
        (return (local.get $res))))
    (if (i32.le_s (local.get $n) (i32.const 128))
      (then
        (local.set $r01 (v128.load (local.get $p)))
        (local.set $r23 (v128.load offset=16 (local.get $p)))
        (local.set $r45 (v128.load offset=32 (local.get $p)))
        (local.set $r67 (v128.load offset=48 (local.get $p)))
        (local.set $stop (i32.sub (local.get $n) (i32.rem_s (local.get $n) (i32.const 8))))
        (local.set $i (i32.const 8))
        (block $done
          (loop $l
            (br_if $done (i32.ge_s (local.get $i) (local.get $stop)))
            (local.set $q (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 3))))
            (local.set $r01 (f64x2.add (local.get $r01) (v128.load (local.get $q))))
            (local.set $r23 (f64x2.add (local.get $r23) (v128.load offset=16 (local.get $q))))
            (local.set $r45 (f64x2.add (local.get $r45) (v128.load offset=32 (local.get $q))))
            (local.set $r67 (f64x2.add (local.get $r67) (v128.load offset=48 (local.get $q))))
            (local.set $i (i32.add (local.get $i) (i32.const 8)))
            (br $l)))
        (local.set $res
          (f64.add
            (f64.add
              (f64.add (f64x2.extract_lane 0 (local.get $r01)) (f64x2.extract_lane 1 (local.get $r01)))
              (f64.add (f64x2.extract_lane 0 (local.get $r23)) (f64x2.extract_lane 1 (local.get $r23))))
            (f64.add
              (f64.add (f64x2.extract_lane 0 (local.get $r45)) (f64x2.extract_lane 1 (local.get $r45)))
              (f64.add (f64x2.extract_lane 0 (local.get $r67)) (f64x2.extract_lane 1 (local.get $r67))))))
        (block $done2
          (loop $t
            (br_if $done2 (i32.ge_s (local.get $i) (local.get $n)))
            (local.set $res (f64.add (local.get $res)
              (f64.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 3))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $t)))
        (return (local.get $res))))
    (local.set $n2 (i32.shr_s (local.get $n) (i32.const 1)))
    (local.set $n2 (i32.sub (local.get $n2) (i32.rem_s (local.get $n2) (i32.const 8))))
    (f64.add
      (call $pairwise (local.get $p) (local.get $n2))
      (call $pairwise (i32.add (local.get $p) (i32.shl (local.get $n2) (i32.const 3)))
                      (i32.sub (local.get $n) (local.get $n2)))))

  ;; 0 + pairwise sum of n doubles at p (np.sum of a whole array)
  (func (export "sum") (param $p i32) (param $n i32) (result f64)
    (f64.add (f64.const 0) (call $pairwise (local.get $p) (local.get $n))))

  ;; out[i] = (0 + pairwise sum of row i of x (rows×m)) * scale   (np.sum(x, axis=1, keepdims=True).mul(scale);
  ;; without the multiply when $scaled is 0)
  (func (export "rowSums") (param $x i32) (param $out i32) (param $rows i32) (param $m i32)
                           (param $scaled i32) (param $scale f64)
    (local $i i32) (local $s f64)
    (block $done
      (loop $l
        (br_if $done (i32.ge_s (local.get $i) (local.get $rows)))
        (local.set $s (f64.add (f64.const 0) (call $pairwise (local.get $x) (local.get $m))))
        (if (local.get $scaled) (then (local.set $s (f64.mul (local.get $s) (local.get $scale)))))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 3))) (local.get $s))
        (local.set $x (i32.add (local.get $x) (i32.shl (local.get $m) (i32.const 3))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))

  ;; ============================================================ numpy's legacy gaussians (lib/np/gauss-block.ts)
  ;; The same doubles as RandomState.randn in lib/np/random.ts, which documents the method:
  ;; MT19937, doubles from 27 + 26 bits of two outputs, the polar method, and glibc's log
  ;; (lib/np/glibc-log.ts) through its two fast paths. Where a fast path cannot vouch for
  ;; its result (about 1 pair in 400) the pair is left for JavaScript: its index goes to
  ;; the fix-up list and its x2, x1 stay in its two slots (glibc-log.ts's full fused
  ;; evaluation then finishes it). Used on an instance of its own; the layout (bytes):
  ;;   MT    0     624 state words (i32)        TEMP  2496  the same words tempered
  ;;   K     5120  18 constants (f64): Ln2hi, Ln2lo, A0..A4, B0..B10
  ;;   TAB   5376  128 × (invc, logc, invc's high half, its low half) (f64)
  ;;   FIXN  9472  number of fix-ups (i32)     FIX   9488  their pair indices (i32)
  ;;   OUT   32768 1024 pairs: out[2j] = f·x2, out[2j+1] = f·x1      R2  49152  their r2 = x1² + x2²
  ;; JavaScript copies the state words into MT and the tables into K and TAB.

  ;; One MT19937 step for word kk: mt[kk] = mt[kk + off] ^ (y >>> 1) ^ (y odd ? MATRIX_A : 0),
  ;; y = upper bit of mt[kk] | lower 31 bits of mt[next] (byte offsets).
  (func $twistOne (param $kk i32) (param $next i32) (param $far i32)
    (local $y i32)
    (local.set $y (i32.or (i32.and (i32.load (local.get $kk)) (i32.const 0x80000000))
                          (i32.and (i32.load (local.get $next)) (i32.const 0x7fffffff))))
    (i32.store (local.get $kk)
      (i32.xor (i32.xor (i32.load (local.get $far)) (i32.shr_u (local.get $y) (i32.const 1)))
               (i32.and (i32.sub (i32.const 0) (i32.and (local.get $y) (i32.const 1))) (i32.const 0x9908b0df)))))

  ;; The same on four words kk..kk+3 (next = kk + 4 bytes, far = the words M ahead or N - M behind).
  (func $twist4 (param $kk i32) (param $far i32)
    (local $y v128)
    (local.set $y (v128.or (v128.and (v128.load (local.get $kk)) (i32x4.splat (i32.const 0x80000000)))
                           (v128.and (v128.load offset=4 (local.get $kk)) (i32x4.splat (i32.const 0x7fffffff)))))
    (v128.store (local.get $kk)
      (v128.xor (v128.xor (v128.load (local.get $far)) (i32x4.shr_u (local.get $y) (i32.const 1)))
                (v128.and (i32x4.shr_s (i32x4.shl (local.get $y) (i32.const 31)) (i32.const 31))
                          (i32x4.splat (i32.const 0x9908b0df))))))

  ;; The twist over the whole block (four words at a time where no word reads one written
  ;; in the same group), then TEMP = tempered MT.
  (func $regenerate
    (local $kk i32)
    ;; kk = 0..223: far = kk + 397 (not yet rewritten); 224..226 one by one
    (block $d1 (loop $l1
      (br_if $d1 (i32.ge_u (local.get $kk) (i32.const 896)))
      (call $twist4 (local.get $kk) (i32.add (local.get $kk) (i32.const 1588)))
      (local.set $kk (i32.add (local.get $kk) (i32.const 16)))
      (br $l1)))
    (block $d2 (loop $l2
      (br_if $d2 (i32.ge_u (local.get $kk) (i32.const 908)))
      (call $twistOne (local.get $kk) (i32.add (local.get $kk) (i32.const 4)) (i32.add (local.get $kk) (i32.const 1588)))
      (local.set $kk (i32.add (local.get $kk) (i32.const 4)))
      (br $l2)))
    ;; kk = 227..622: far = kk - 227 (already rewritten, at least 224 words back)
    (block $d3 (loop $l3
      (br_if $d3 (i32.ge_u (local.get $kk) (i32.const 2492)))
      (call $twist4 (local.get $kk) (i32.sub (local.get $kk) (i32.const 908)))
      (local.set $kk (i32.add (local.get $kk) (i32.const 16)))
      (br $l3)))
    ;; kk = 623: next is word 0, far word 396
    (call $twistOne (i32.const 2492) (i32.const 0) (i32.const 1584))
    (call $temper))

  ;; TEMP[i] = tempered MT[i] for the whole block.
  (func $temper
    (local $p i32) (local $y v128)
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $p) (i32.const 2496)))
      (local.set $y (v128.load (local.get $p)))
      (local.set $y (v128.xor (local.get $y) (i32x4.shr_u (local.get $y) (i32.const 11))))
      (local.set $y (v128.xor (local.get $y) (v128.and (i32x4.shl (local.get $y) (i32.const 7)) (i32x4.splat (i32.const 0x9d2c5680)))))
      (local.set $y (v128.xor (local.get $y) (v128.and (i32x4.shl (local.get $y) (i32.const 15)) (i32x4.splat (i32.const 0xefc60000)))))
      (local.set $y (v128.xor (local.get $y) (i32x4.shr_u (local.get $y) (i32.const 18))))
      (v128.store offset=2496 (local.get $p) (local.get $y))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $l))))

  ;; The position in the block (0..624), for $word.
  (global $pos (mut i32) (i32.const 624))

  ;; next32: the next tempered word, regenerating the block when it is used up.
  (func $word (result i32)
    (local $w i32)
    (if (i32.ge_u (global.get $pos) (i32.const 624))
      (then (call $regenerate) (global.set $pos (i32.const 0))))
    (local.set $w (i32.load offset=2496 (i32.shl (global.get $pos) (i32.const 2))))
    (global.set $pos (i32.add (global.get $pos) (i32.const 1)))
    (local.get $w))

  ;; 2·u − 1 for the next double u = ((a >>> 5)·2^26 + (b >>> 6)) / 2^53 (a, b the next two words).
  (func $signed (result f64)
    (local $a i32) (local $b i32) (local $p i32)
    (if (i32.lt_u (global.get $pos) (i32.const 623))
      (then
        (local.set $p (i32.shl (global.get $pos) (i32.const 2)))
        (local.set $a (i32.load offset=2496 (local.get $p)))
        (local.set $b (i32.load offset=2500 (local.get $p)))
        (global.set $pos (i32.add (global.get $pos) (i32.const 2))))
      (else
        (local.set $a (call $word))
        (local.set $b (call $word))))
    (f64.sub
      (f64.mul (f64.const 2)
        (f64.mul (f64.add (f64.mul (f64.convert_i32_u (i32.shr_u (local.get $a) (i32.const 5))) (f64.const 67108864))
                          (f64.convert_i32_u (i32.shr_u (local.get $b) (i32.const 6))))
                 (f64.const 0x1p-53)))
      (f64.const 1)))

;; Make `pairs` accepted pairs into OUT from position `pos` of the state in MT; returns the
  ;; new position. The fix-up list (FIXN, FIX) is rewritten. Two passes, so that neither has
  ;; an unpredictable branch: (1) draw the points, writing each candidate at the next free
  ;; slot and moving on only if it is accepted (0 < r2 < 1); (2) the logs, independent from
  ;; one pair to the next, which the CPU overlaps, two pairs at a time (f64x2) on the table
  ;; path (about 88 % of the time), else one pair with the scalar code.
  (func (export "gaussPairs") (param $pairs i32) (param $pos i32) (result i32)
    (local $j i32) (local $nfix i32) (local $o i32) (local $q i32) (local $end i32) (local $w4 i32) (local $acc i32)
    (local $x1 f64) (local $x2 f64) (local $x f64) (local $lg f64)
    (local $hi i32) (local $tmp i32) (local $k i32) (local $tab i32)
    (local $z f64) (local $t f64) (local $zh f64) (local $zl f64) (local $p f64) (local $pe f64)
    (local $r f64) (local $kd f64) (local $w f64) (local $h f64) (local $c0 f64) (local $lf f64)
    (local $rr f64) (local $yf f64) (local $res f64) (local $d f64)
    (local $r3 f64) (local $rhi f64) (local $rlo f64) (local $l f64) (local $u f64) (local $qf f64)
    (local $LN2HI f64) (local $LN2LO f64) (local $A0 f64) (local $A1 f64) (local $A2 f64) (local $A3 f64) (local $A4 f64)
    (local $B0 f64) (local $B1 f64) (local $B2 f64) (local $B3 f64) (local $B4 f64) (local $B5 f64)
    (local $B6 f64) (local $B7 f64) (local $B8 f64) (local $B9 f64) (local $B10 f64)
    (local $xv v128) (local $tv v128) (local $kv v128) (local $ta i32) (local $tb i32)
    (local $zv v128) (local $zhv v128) (local $zlv v128) (local $ihv v128) (local $ilv v128) (local $pv v128)
    (local $rv v128) (local $kdv v128) (local $hv v128) (local $lfv v128) (local $rrv v128) (local $yv v128)
    (local $resv v128) (local $dv v128) (local $fv v128)
    (local $vLN2HI v128) (local $vLN2LO v128) (local $vA0 v128) (local $vA1 v128) (local $vA2 v128) (local $vA3 v128) (local $vA4 v128)
    (local.set $LN2HI (f64.load (i32.const 5120)))
    (local.set $LN2LO (f64.load (i32.const 5128)))
    (local.set $A0 (f64.load (i32.const 5136)))
    (local.set $A1 (f64.load (i32.const 5144)))
    (local.set $A2 (f64.load (i32.const 5152)))
    (local.set $A3 (f64.load (i32.const 5160)))
    (local.set $A4 (f64.load (i32.const 5168)))
    (local.set $B0 (f64.load (i32.const 5176)))
    (local.set $B1 (f64.load (i32.const 5184)))
    (local.set $B2 (f64.load (i32.const 5192)))
    (local.set $B3 (f64.load (i32.const 5200)))
    (local.set $B4 (f64.load (i32.const 5208)))
    (local.set $B5 (f64.load (i32.const 5216)))
    (local.set $B6 (f64.load (i32.const 5224)))
    (local.set $B7 (f64.load (i32.const 5232)))
    (local.set $B8 (f64.load (i32.const 5240)))
    (local.set $B9 (f64.load (i32.const 5248)))
    (local.set $B10 (f64.load (i32.const 5256)))
    (local.set $vLN2HI (f64x2.splat (local.get $LN2HI)))
    (local.set $vLN2LO (f64x2.splat (local.get $LN2LO)))
    (local.set $vA0 (f64x2.splat (local.get $A0)))
    (local.set $vA1 (f64x2.splat (local.get $A1)))
    (local.set $vA2 (f64x2.splat (local.get $A2)))
    (local.set $vA3 (f64x2.splat (local.get $A3)))
    (local.set $vA4 (f64x2.splat (local.get $A4)))
    (if (i32.lt_u (local.get $pos) (i32.const 624)) (then (call $temper)))

    ;; 1. the accepted points: x2, x1 in the pair's two slots of OUT, r2 in R2
    (local.set $o (i32.const 32768))
    (local.set $q (i32.const 49152))
    (local.set $end (i32.add (i32.const 32768) (i32.shl (local.get $pairs) (i32.const 4))))
    (if (i32.lt_u (local.get $o) (local.get $end)) (then
      (loop $cand
        (if (i32.lt_u (local.get $pos) (i32.const 621))
          (then
            ;; four words left in the block: 2u - 1 written out, u = ((a >>> 5)·2^26 + (b >>> 6)) / 2^53
            (local.set $w4 (i32.shl (local.get $pos) (i32.const 2)))
            (local.set $x1 (f64.sub (f64.mul (f64.const 2) (f64.mul
              (f64.add (f64.mul (f64.convert_i32_u (i32.shr_u (i32.load offset=2496 (local.get $w4)) (i32.const 5))) (f64.const 67108864))
                       (f64.convert_i32_u (i32.shr_u (i32.load offset=2500 (local.get $w4)) (i32.const 6))))
              (f64.const 0x1p-53))) (f64.const 1)))
            (local.set $x2 (f64.sub (f64.mul (f64.const 2) (f64.mul
              (f64.add (f64.mul (f64.convert_i32_u (i32.shr_u (i32.load offset=2504 (local.get $w4)) (i32.const 5))) (f64.const 67108864))
                       (f64.convert_i32_u (i32.shr_u (i32.load offset=2508 (local.get $w4)) (i32.const 6))))
              (f64.const 0x1p-53))) (f64.const 1)))
            (local.set $pos (i32.add (local.get $pos) (i32.const 4))))
          (else
            ;; the end of the block: word by word, with the twist
            (global.set $pos (local.get $pos))
            (local.set $x1 (call $signed))
            (local.set $x2 (call $signed))
            (local.set $pos (global.get $pos))))
        (local.set $x (f64.add (f64.mul (local.get $x1) (local.get $x1)) (f64.mul (local.get $x2) (local.get $x2))))
        (f64.store (local.get $o) (local.get $x2))
        (f64.store offset=8 (local.get $o) (local.get $x1))
        (f64.store (local.get $q) (local.get $x))
        (local.set $acc (i32.and (f64.lt (local.get $x) (f64.const 1)) (f64.ne (local.get $x) (f64.const 0))))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $acc) (i32.const 4))))
        (local.set $q (i32.add (local.get $q) (i32.shl (local.get $acc) (i32.const 3))))
        (br_if $cand (i32.lt_u (local.get $o) (local.get $end))))))

    ;; 2. f = sqrt((-2·log r2) / r2) for each pair; (x2, x1) becomes (f·x2, f·x1)
    (local.set $o (i32.const 32768))
    (local.set $q (i32.const 49152))
    (block $done (loop $pair
      (br_if $done (i32.ge_u (local.get $j) (local.get $pairs)))
      ;; Two pairs at once (f64x2) when both are on the table path and its fast path holds
      ;; for both; otherwise pair j alone, below. The same operations lane by lane.
      (if (i32.lt_u (i32.add (local.get $j) (i32.const 1)) (local.get $pairs))
        (then
          (local.set $xv (v128.load (local.get $q)))
          (local.set $tv (i64x2.shr_u (local.get $xv) (i32.const 32)))
          (if (i64x2.all_true (v128.and
                (i64x2.lt_s (local.get $tv) (v128.const i64x2 0x3fee0000 0x3fee0000))
                (i64x2.ge_s (local.get $tv) (v128.const i64x2 0x00100000 0x00100000))))
            (then
              ;; x = 2^k·z; the subinterval of each lane from its own table row
              (local.set $tv (i64x2.sub (local.get $xv) (v128.const i64x2 0x3fe6000000000000 0x3fe6000000000000)))
              (local.set $kv (i64x2.shr_s (local.get $tv) (i32.const 52)))
              (local.set $zv (i64x2.sub (local.get $xv) (i64x2.shl (local.get $kv) (i32.const 52))))
              (local.set $tv (i64x2.shr_u (local.get $tv) (i32.const 45)))
              (local.set $ta (i32.add (i32.const 5376)
                (i32.shl (i32.and (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $tv))) (i32.const 127)) (i32.const 5))))
              (local.set $tb (i32.add (i32.const 5376)
                (i32.shl (i32.and (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $tv))) (i32.const 127)) (i32.const 5))))
              (local.set $kdv (f64x2.convert_low_i32x4_s
                (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 (local.get $kv) (local.get $kv))))
              ;; r = fma(z, invc, -1) exactly
              (local.set $tv (f64x2.mul (v128.const f64x2 134217729 134217729) (local.get $zv)))
              (local.set $zhv (f64x2.sub (local.get $tv) (f64x2.sub (local.get $tv) (local.get $zv))))
              (local.set $zlv (f64x2.sub (local.get $zv) (local.get $zhv)))
              (local.set $ihv (v128.load64_lane offset=16 1 (local.get $tb) (v128.load64_zero offset=16 (local.get $ta))))
              (local.set $ilv (v128.load64_lane offset=24 1 (local.get $tb) (v128.load64_zero offset=24 (local.get $ta))))
              (local.set $pv (f64x2.mul (local.get $zv) (v128.load64_lane 1 (local.get $tb) (v128.load64_zero (local.get $ta)))))
              (local.set $rv (f64x2.add (f64x2.sub (local.get $pv) (v128.const f64x2 1 1))
                (f64x2.add
                  (f64x2.add
                    (f64x2.add (f64x2.sub (f64x2.mul (local.get $zhv) (local.get $ihv)) (local.get $pv))
                               (f64x2.mul (local.get $zhv) (local.get $ilv)))
                    (f64x2.mul (local.get $zlv) (local.get $ihv)))
                  (f64x2.mul (local.get $zlv) (local.get $ilv)))))
              ;; w = kd·Ln2hi + logc, h = w + r, lf = ((w - h) + r) + kd·Ln2lo
              (local.set $tv (f64x2.add (f64x2.mul (local.get $kdv) (local.get $vLN2HI))
                (v128.load64_lane offset=8 1 (local.get $tb) (v128.load64_zero offset=8 (local.get $ta)))))
              (local.set $hv (f64x2.add (local.get $tv) (local.get $rv)))
              (local.set $lfv (f64x2.add (f64x2.add (f64x2.sub (local.get $tv) (local.get $hv)) (local.get $rv))
                                         (f64x2.mul (local.get $kdv) (local.get $vLN2LO))))
              (local.set $rrv (f64x2.mul (local.get $rv) (local.get $rv)))
              (local.set $yv
                (f64x2.add
                  (f64x2.mul (f64x2.mul (local.get $rv) (local.get $rrv))
                    (f64x2.add (f64x2.mul (f64x2.add (local.get $vA3) (f64x2.mul (local.get $rv) (local.get $vA4))) (local.get $rrv))
                               (f64x2.add (local.get $vA1) (f64x2.mul (local.get $rv) (local.get $vA2)))))
                  (f64x2.add (local.get $lfv) (f64x2.mul (local.get $rrv) (local.get $vA0)))))
              (local.set $resv (f64x2.add (local.get $yv) (local.get $hv)))
              (local.set $dv (f64x2.mul (f64x2.add (local.get $rrv) (f64x2.abs (local.get $lfv)))
                                        (v128.const f64x2 3.552713678800501e-15 3.552713678800501e-15)))
              (if (i64x2.all_true (v128.and
                    (f64x2.eq (f64x2.add (f64x2.add (local.get $yv) (local.get $dv)) (local.get $hv)) (local.get $resv))
                    (f64x2.eq (f64x2.add (f64x2.sub (local.get $yv) (local.get $dv)) (local.get $hv)) (local.get $resv))))
                (then
                  (local.set $fv (f64x2.sqrt (f64x2.div (f64x2.mul (v128.const f64x2 -2 -2) (local.get $resv)) (local.get $xv))))
                  (v128.store (local.get $o) (f64x2.mul (i64x2.splat (i64x2.extract_lane 0 (local.get $fv))) (v128.load (local.get $o))))
                  (v128.store offset=16 (local.get $o)
                    (f64x2.mul (i64x2.splat (i64x2.extract_lane 1 (local.get $fv))) (v128.load offset=16 (local.get $o))))
                  (local.set $o (i32.add (local.get $o) (i32.const 32)))
                  (local.set $q (i32.add (local.get $q) (i32.const 16)))
                  (local.set $j (i32.add (local.get $j) (i32.const 2)))
                  (br $pair)))))))
      (local.set $x (f64.load (local.get $q)))
      (block $next
        (block $fix
          (local.set $hi (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $x)) (i64.const 32))))
          ;; subnormal (never from randn, whose r2 >= 2^-104): left to JavaScript
          (br_if $fix (i32.lt_u (local.get $hi) (i32.const 0x00100000)))
          (if (i32.ge_u (local.get $hi) (i32.const 0x3fee0000))
            (then
              ;; near 1 (x < 1 here): glibc-log.ts's first fast path, same operations in the same order
              (local.set $r (f64.sub (local.get $x) (f64.const 1)))
              (local.set $rr (f64.mul (local.get $r) (local.get $r)))
              (local.set $r3 (f64.mul (local.get $r) (local.get $rr)))
              (local.set $w (f64.mul (local.get $r) (f64.const 134217728)))
              (local.set $rhi (f64.sub (f64.add (local.get $r) (local.get $w)) (local.get $w)))
              (local.set $rlo (f64.sub (local.get $r) (local.get $rhi)))
              (local.set $t (f64.mul (f64.mul (local.get $rhi) (local.get $rhi)) (local.get $B0)))
              (local.set $h (f64.add (local.get $r) (local.get $t)))
              (local.set $l (f64.add (f64.sub (local.get $r) (local.get $h)) (local.get $t)))
              (local.set $u (f64.mul (f64.mul (local.get $B0) (local.get $rlo)) (f64.add (local.get $rhi) (local.get $r))))
              (local.set $qf
                (f64.mul
                  (f64.add
                    (f64.mul
                      (f64.add
                        (f64.mul (local.get $r3)
                          (f64.add (f64.add (f64.add (local.get $B7) (f64.mul (local.get $r) (local.get $B8)))
                                            (f64.mul (local.get $rr) (local.get $B9)))
                                   (f64.mul (local.get $r3) (local.get $B10))))
                        (f64.add (f64.add (local.get $B4) (f64.mul (local.get $r) (local.get $B5)))
                                 (f64.mul (local.get $rr) (local.get $B6))))
                      (local.get $r3))
                    (f64.add (f64.add (local.get $B1) (f64.mul (local.get $r) (local.get $B2)))
                             (f64.mul (local.get $rr) (local.get $B3))))
                  (local.get $r3)))
              (local.set $yf (f64.add (local.get $qf) (f64.add (local.get $u) (local.get $l))))
              (local.set $res (f64.add (local.get $yf) (local.get $h)))
              (local.set $d (f64.mul (f64.add (f64.add (f64.abs (local.get $qf)) (f64.abs (local.get $u))) (f64.abs (local.get $l)))
                                     (f64.const 3.552713678800501e-15))))
            (else
              ;; the table path: x = 2^k·z, z in [0.6875, 1.375), subinterval i
              (local.set $tmp (i32.sub (local.get $hi) (i32.const 0x3fe60000)))
              (local.set $k (i32.shr_s (local.get $tmp) (i32.const 20)))
              (local.set $tab (i32.add (i32.const 5376) (i32.shl (i32.and (i32.shr_u (local.get $tmp) (i32.const 13)) (i32.const 127)) (i32.const 5))))
              ;; z = x·2^-k (exact)
              (local.set $z (f64.mul (local.get $x)
                (f64.reinterpret_i64 (i64.shl (i64.extend_i32_s (i32.sub (i32.const 1023) (local.get $k))) (i64.const 52)))))
              ;; r = fma(z, invc, -1), exactly (Dekker product; p - 1 is exact)
              (local.set $t (f64.mul (f64.const 134217729) (local.get $z)))
              (local.set $zh (f64.sub (local.get $t) (f64.sub (local.get $t) (local.get $z))))
              (local.set $zl (f64.sub (local.get $z) (local.get $zh)))
              (local.set $p (f64.mul (local.get $z) (f64.load (local.get $tab))))
              (local.set $pe
                (f64.add
                  (f64.add
                    (f64.add (f64.sub (f64.mul (local.get $zh) (f64.load offset=16 (local.get $tab))) (local.get $p))
                             (f64.mul (local.get $zh) (f64.load offset=24 (local.get $tab))))
                    (f64.mul (local.get $zl) (f64.load offset=16 (local.get $tab))))
                  (f64.mul (local.get $zl) (f64.load offset=24 (local.get $tab)))))
              (local.set $r (f64.add (f64.sub (local.get $p) (f64.const 1)) (local.get $pe)))
              (local.set $kd (f64.convert_i32_s (local.get $k)))
              (local.set $w (f64.add (f64.mul (local.get $kd) (local.get $LN2HI)) (f64.load offset=8 (local.get $tab))))
              (local.set $h (f64.add (local.get $w) (local.get $r)))
              (local.set $c0 (f64.add (f64.sub (local.get $w) (local.get $h)) (local.get $r)))
              (local.set $lf (f64.add (local.get $c0) (f64.mul (local.get $kd) (local.get $LN2LO))))
              (local.set $rr (f64.mul (local.get $r) (local.get $r)))
              (local.set $yf
                (f64.add
                  (f64.mul (f64.mul (local.get $r) (local.get $rr))
                    (f64.add (f64.mul (f64.add (local.get $A3) (f64.mul (local.get $r) (local.get $A4))) (local.get $rr))
                             (f64.add (local.get $A1) (f64.mul (local.get $r) (local.get $A2)))))
                  (f64.add (local.get $lf) (f64.mul (local.get $rr) (local.get $A0)))))
              (local.set $res (f64.add (local.get $yf) (local.get $h)))
              (local.set $d (f64.mul (f64.add (local.get $rr) (f64.abs (local.get $lf))) (f64.const 3.552713678800501e-15)))))
          ;; the result stands if moving yf by d either way rounds to it too
          (br_if $fix (f64.ne (f64.add (f64.add (local.get $yf) (local.get $d)) (local.get $h)) (local.get $res)))
          (br_if $fix (f64.ne (f64.add (f64.sub (local.get $yf) (local.get $d)) (local.get $h)) (local.get $res)))
          (local.set $t (f64.sqrt (f64.div (f64.mul (f64.const -2) (local.get $res)) (local.get $x))))
          (f64.store (local.get $o) (f64.mul (local.get $t) (f64.load (local.get $o))))
          (f64.store offset=8 (local.get $o) (f64.mul (local.get $t) (f64.load offset=8 (local.get $o))))
          (br $next))
        ;; fix-up: the pair's index (its slots still hold x2, x1)
        (i32.store (i32.add (i32.const 9488) (i32.shl (local.get $nfix) (i32.const 2))) (local.get $j))
        (local.set $nfix (i32.add (local.get $nfix) (i32.const 1))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (local.set $q (i32.add (local.get $q) (i32.const 8)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $pair)))
    (i32.store (i32.const 9472) (local.get $nfix))
    (local.get $pos))
)
