;; SIMD helper kernels of @mnist/train for the tfjs wasm backend.
;;
;; The module imports the backend's own linear memory, so it works on tensors in place:
;; every pointer below is a byte offset into that memory (a tensor's `memoryOffset`).
;; Compiled to `wasm-simd-kernels-binary.ts` by `pnpm --filter @mnist/train build:simd`;
;; a test checks that the committed binary matches this source.
(module
  (import "env" "memory" (memory 0))

  ;; Gradient of a 2x2, stride-2, unpadded max pool, NHWC, channels a multiple of 4.
  ;; Each window's dy goes to the first position (row-major) equal to the forward output y;
  ;; the other three positions get +0. Rows and columns past the last window are not
  ;; written (the caller zeroes them). Returns the number of lanes the fast rule cannot
  ;; decide (no position equal to y, y = -Infinity, or dy not finite); when it is not 0 the
  ;; caller recomputes the whole gradient with the exact comparing loop.
  (func (export "maxPoolGrad2x2")
    (param $x i32) (param $y i32) (param $g i32) (param $dx i32)
    (param $batch i32) (param $inH i32) (param $inW i32) (param $channels i32)
    (param $outH i32) (param $outW i32)
    (result i32)
    (local $n i32) (local $oh i32) (local $ow i32) (local $c i32)
    (local $rowBytes i32) (local $pixelBytes i32) (local $rowBase i32) (local $q i32) (local $gi i32)
    (local $m v128) (local $gv v128) (local $e0 v128) (local $e1 v128) (local $e2 v128) (local $e3 v128)
    (local $taken v128) (local $bad v128)
    (local.set $pixelBytes (i32.shl (local.get $channels) (i32.const 2)))
    (local.set $rowBytes (i32.mul (local.get $inW) (local.get $pixelBytes)))
    (local.set $bad (v128.const i32x4 0 0 0 0))
    (block $batchDone (loop $batchLoop
      (br_if $batchDone (i32.ge_u (local.get $n) (local.get $batch)))
      (local.set $oh (i32.const 0))
      (block $rowsDone (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $oh) (local.get $outH)))
        (local.set $rowBase
          (i32.mul
            (i32.add (i32.mul (local.get $n) (local.get $inH)) (i32.shl (local.get $oh) (i32.const 1)))
            (local.get $rowBytes)))
        (local.set $ow (i32.const 0))
        (block $colsDone (loop $colLoop
          (br_if $colsDone (i32.ge_u (local.get $ow) (local.get $outW)))
          (local.set $c (i32.const 0))
          (block $channelsDone (loop $channelLoop
            (br_if $channelsDone (i32.ge_u (local.get $c) (local.get $pixelBytes)))
            ;; q: byte offset of the window's top-left element for these four channels
            (local.set $q
              (i32.add
                (i32.add (local.get $rowBase) (i32.mul (i32.shl (local.get $ow) (i32.const 1)) (local.get $pixelBytes)))
                (local.get $c)))
            (local.set $m (v128.load (i32.add (local.get $y) (local.get $gi))))
            (local.set $gv (v128.load (i32.add (local.get $g) (local.get $gi))))
            (local.set $e0
              (f32x4.eq (v128.load (i32.add (local.get $x) (local.get $q))) (local.get $m)))
            (local.set $e1
              (v128.andnot
                (f32x4.eq (v128.load (i32.add (local.get $x) (i32.add (local.get $q) (local.get $pixelBytes)))) (local.get $m))
                (local.get $e0)))
            (local.set $taken (v128.or (local.get $e0) (local.get $e1)))
            (local.set $e2
              (v128.andnot
                (f32x4.eq (v128.load (i32.add (local.get $x) (i32.add (local.get $q) (local.get $rowBytes)))) (local.get $m))
                (local.get $taken)))
            (local.set $taken (v128.or (local.get $taken) (local.get $e2)))
            (local.set $e3
              (v128.andnot
                (f32x4.eq
                  (v128.load
                    (i32.add (local.get $x) (i32.add (local.get $q) (i32.add (local.get $rowBytes) (local.get $pixelBytes)))))
                  (local.get $m))
                (local.get $taken)))
            (local.set $taken (v128.or (local.get $taken) (local.get $e3)))
            (local.set $bad
              (v128.or (local.get $bad)
                (v128.or
                  (v128.not (local.get $taken))
                  (v128.or
                    (f32x4.eq (local.get $m) (v128.const f32x4 -inf -inf -inf -inf))
                    (f32x4.ne (f32x4.sub (local.get $gv) (local.get $gv)) (v128.const f32x4 0 0 0 0))))))
            ;; (dy AND mask) + 0 writes +0 where the mask is clear and turns a -0 dy into +0,
            ;; as the cpu backend does.
            (v128.store (i32.add (local.get $dx) (local.get $q))
              (f32x4.add (v128.and (local.get $gv) (local.get $e0)) (v128.const f32x4 0 0 0 0)))
            (v128.store (i32.add (local.get $dx) (i32.add (local.get $q) (local.get $pixelBytes)))
              (f32x4.add (v128.and (local.get $gv) (local.get $e1)) (v128.const f32x4 0 0 0 0)))
            (v128.store (i32.add (local.get $dx) (i32.add (local.get $q) (local.get $rowBytes)))
              (f32x4.add (v128.and (local.get $gv) (local.get $e2)) (v128.const f32x4 0 0 0 0)))
            (v128.store (i32.add (local.get $dx) (i32.add (local.get $q) (i32.add (local.get $rowBytes) (local.get $pixelBytes))))
              (f32x4.add (v128.and (local.get $gv) (local.get $e3)) (v128.const f32x4 0 0 0 0)))
            (local.set $gi (i32.add (local.get $gi) (i32.const 16)))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $channelLoop)))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br $colLoop)))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br $rowLoop)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $batchLoop)))
    (i32.sub (i32.const 0)
      (i32.add
        (i32.add (i32x4.extract_lane 0 (local.get $bad)) (i32x4.extract_lane 1 (local.get $bad)))
        (i32.add (i32x4.extract_lane 2 (local.get $bad)) (i32x4.extract_lane 3 (local.get $bad))))))

  ;; out[i] = f32(scale * sum over r of src[r * inner + i]) for a [rows, inner] float32 matrix,
  ;; inner a multiple of 4, accumulating in float64 exactly as the JavaScript path does: eight
  ;; rows at a time summed as ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)), added to the
  ;; running sum, then the remaining rows one by one. `acc` is scratch memory of inner
  ;; float64 values (8-byte aligned).
  (func $promoteHigh (param $v v128) (result v128)
    (f64x2.promote_low_f32x4
      (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
  (func (export "sumLeadingAxes")
    (param $src i32) (param $rows i32) (param $inner i32) (param $acc i32) (param $out i32) (param $scale f64)
    (local $rowBytes i32) (local $r i32) (local $i i32) (local $p i32) (local $a i32) (local $end i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $v4 v128) (local $v5 v128) (local $v6 v128) (local $v7 v128)
    (local.set $rowBytes (i32.shl (local.get $inner) (i32.const 2)))
    ;; acc = 0
    (local.set $a (local.get $acc))
    (local.set $end (i32.add (local.get $acc) (i32.shl (local.get $inner) (i32.const 3))))
    (block $zeroDone (loop $zeroLoop
      (br_if $zeroDone (i32.ge_u (local.get $a) (local.get $end)))
      (v128.store (local.get $a) (v128.const i32x4 0 0 0 0))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (br $zeroLoop)))
    (local.set $p (local.get $src))
    (block $groupsDone (loop $groupLoop
      (br_if $groupsDone (i32.gt_u (i32.add (local.get $r) (i32.const 8)) (local.get $rows)))
      (local.set $i (i32.const 0))
      (local.set $a (local.get $acc))
      (block $innerDone (loop $innerLoop
        (br_if $innerDone (i32.ge_u (local.get $i) (local.get $rowBytes)))
        (local.set $v0 (v128.load (i32.add (local.get $p) (local.get $i))))
        (local.set $v1 (v128.load (i32.add (i32.add (local.get $p) (local.get $rowBytes)) (local.get $i))))
        (local.set $v2 (v128.load (i32.add (i32.add (local.get $p) (i32.mul (local.get $rowBytes) (i32.const 2))) (local.get $i))))
        (local.set $v3 (v128.load (i32.add (i32.add (local.get $p) (i32.mul (local.get $rowBytes) (i32.const 3))) (local.get $i))))
        (local.set $v4 (v128.load (i32.add (i32.add (local.get $p) (i32.mul (local.get $rowBytes) (i32.const 4))) (local.get $i))))
        (local.set $v5 (v128.load (i32.add (i32.add (local.get $p) (i32.mul (local.get $rowBytes) (i32.const 5))) (local.get $i))))
        (local.set $v6 (v128.load (i32.add (i32.add (local.get $p) (i32.mul (local.get $rowBytes) (i32.const 6))) (local.get $i))))
        (local.set $v7 (v128.load (i32.add (i32.add (local.get $p) (i32.mul (local.get $rowBytes) (i32.const 7))) (local.get $i))))
        ;; lanes 0-1
        (v128.store (local.get $a)
          (f64x2.add (v128.load (local.get $a))
            (f64x2.add
              (f64x2.add
                (f64x2.add (f64x2.promote_low_f32x4 (local.get $v0)) (f64x2.promote_low_f32x4 (local.get $v1)))
                (f64x2.add (f64x2.promote_low_f32x4 (local.get $v2)) (f64x2.promote_low_f32x4 (local.get $v3))))
              (f64x2.add
                (f64x2.add (f64x2.promote_low_f32x4 (local.get $v4)) (f64x2.promote_low_f32x4 (local.get $v5)))
                (f64x2.add (f64x2.promote_low_f32x4 (local.get $v6)) (f64x2.promote_low_f32x4 (local.get $v7)))))))
        ;; lanes 2-3
        (v128.store (i32.add (local.get $a) (i32.const 16))
          (f64x2.add (v128.load (i32.add (local.get $a) (i32.const 16)))
            (f64x2.add
              (f64x2.add
                (f64x2.add (call $promoteHigh (local.get $v0)) (call $promoteHigh (local.get $v1)))
                (f64x2.add (call $promoteHigh (local.get $v2)) (call $promoteHigh (local.get $v3))))
              (f64x2.add
                (f64x2.add (call $promoteHigh (local.get $v4)) (call $promoteHigh (local.get $v5)))
                (f64x2.add (call $promoteHigh (local.get $v6)) (call $promoteHigh (local.get $v7)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (br $innerLoop)))
      (local.set $r (i32.add (local.get $r) (i32.const 8)))
      (local.set $p (i32.add (local.get $p) (i32.shl (local.get $rowBytes) (i32.const 3))))
      (br $groupLoop)))
    (block $rowsDone (loop $rowLoop
      (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $i (i32.const 0))
      (local.set $a (local.get $acc))
      (block $innerDone2 (loop $innerLoop2
        (br_if $innerDone2 (i32.ge_u (local.get $i) (local.get $rowBytes)))
        (local.set $v0 (v128.load (i32.add (local.get $p) (local.get $i))))
        (v128.store (local.get $a)
          (f64x2.add (v128.load (local.get $a)) (f64x2.promote_low_f32x4 (local.get $v0))))
        (v128.store (i32.add (local.get $a) (i32.const 16))
          (f64x2.add (v128.load (i32.add (local.get $a) (i32.const 16))) (call $promoteHigh (local.get $v0))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (br $innerLoop2)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
      (br $rowLoop)))
    ;; out = f32(acc * scale)
    (local.set $i (i32.const 0))
    (block $outDone (loop $outLoop
      (br_if $outDone (i32.ge_u (local.get $i) (local.get $inner)))
      (f32.store
        (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
        (f32.demote_f64 (f64.mul (f64.load (i32.add (local.get $acc) (i32.shl (local.get $i) (i32.const 3)))) (local.get $scale))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $outLoop))))

  ;; Part of the filter gradient of a convolution with one input channel (a first layer on
  ;; grayscale images): for three filter taps (kh, kw) and sixteen output channels f0..f0+15,
  ;;   out_j[f] = sum over n, oh, ow of x[n, oh * sh + kh_j, ow * sw + kw_j] * dy[n, oh, ow, f0 + f]
  ;; x is [batch, inH, inW] already padded (every tap inside), dy is [batch, outH, outW,
  ;; channels] with channels a multiple of 16. Sums are float32 in position order, as a
  ;; matrix product accumulates. An out_j of 0 skips that tap (for the last group of taps).
  (func (export "filterGradOneChannel")
    (param $x i32) (param $dy i32) (param $batch i32) (param $inH i32) (param $inW i32)
    (param $outH i32) (param $outW i32) (param $channels i32) (param $sh i32) (param $sw i32) (param $f0 i32)
    (param $kh0 i32) (param $kw0 i32) (param $out0 i32)
    (param $kh1 i32) (param $kw1 i32) (param $out1 i32)
    (param $kh2 i32) (param $kw2 i32) (param $out2 i32)
    (local $n i32) (local $oh i32) (local $ow i32) (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $d i32)
    (local $colStep i32) (local $dyStep i32) (local $rowTop i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128)
    (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128)
    (local $a00 v128) (local $a01 v128) (local $a02 v128) (local $a03 v128) (local $a10 v128) (local $a11 v128) (local $a12 v128) (local $a13 v128) (local $a20 v128) (local $a21 v128) (local $a22 v128) (local $a23 v128)
    (local.set $colStep (i32.shl (local.get $sw) (i32.const 2)))
    (local.set $dyStep (i32.shl (local.get $channels) (i32.const 2)))
    (block $batchDone (loop $batchLoop
      (br_if $batchDone (i32.ge_u (local.get $n) (local.get $batch)))
      (local.set $oh (i32.const 0))
      (block $rowsDone (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $oh) (local.get $outH)))
        ;; rowTop: index of x[n, oh * sh, 0]
        (local.set $rowTop (i32.add (i32.mul (local.get $n) (local.get $inH)) (i32.mul (local.get $oh) (local.get $sh))))
        (local.set $r0 (i32.add (local.get $x) (i32.shl
          (i32.add (i32.mul (i32.add (local.get $rowTop) (local.get $kh0)) (local.get $inW)) (local.get $kw0))
          (i32.const 2))))
        (local.set $r1 (i32.add (local.get $x) (i32.shl
          (i32.add (i32.mul (i32.add (local.get $rowTop) (local.get $kh1)) (local.get $inW)) (local.get $kw1))
          (i32.const 2))))
        (local.set $r2 (i32.add (local.get $x) (i32.shl
          (i32.add (i32.mul (i32.add (local.get $rowTop) (local.get $kh2)) (local.get $inW)) (local.get $kw2))
          (i32.const 2))))
        (local.set $d (i32.add (local.get $dy) (i32.shl
          (i32.add (i32.mul (i32.mul (i32.add (i32.mul (local.get $n) (local.get $outH)) (local.get $oh)) (local.get $outW)) (local.get $channels)) (local.get $f0))
          (i32.const 2))))
        (local.set $ow (i32.const 0))
        (block $colsDone (loop $colLoop
          (br_if $colsDone (i32.ge_u (local.get $ow) (local.get $outW)))
          (local.set $v0 (f32x4.splat (f32.load (local.get $r0))))
          (local.set $v1 (f32x4.splat (f32.load (local.get $r1))))
          (local.set $v2 (f32x4.splat (f32.load (local.get $r2))))
          (local.set $d0 (v128.load (local.get $d)))
          (local.set $d1 (v128.load offset=16 (local.get $d)))
          (local.set $d2 (v128.load offset=32 (local.get $d)))
          (local.set $d3 (v128.load offset=48 (local.get $d)))
          (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $v0) (local.get $d0))))
          (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $v0) (local.get $d1))))
          (local.set $a02 (f32x4.add (local.get $a02) (f32x4.mul (local.get $v0) (local.get $d2))))
          (local.set $a03 (f32x4.add (local.get $a03) (f32x4.mul (local.get $v0) (local.get $d3))))
          (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $v1) (local.get $d0))))
          (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $v1) (local.get $d1))))
          (local.set $a12 (f32x4.add (local.get $a12) (f32x4.mul (local.get $v1) (local.get $d2))))
          (local.set $a13 (f32x4.add (local.get $a13) (f32x4.mul (local.get $v1) (local.get $d3))))
          (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (local.get $v2) (local.get $d0))))
          (local.set $a21 (f32x4.add (local.get $a21) (f32x4.mul (local.get $v2) (local.get $d1))))
          (local.set $a22 (f32x4.add (local.get $a22) (f32x4.mul (local.get $v2) (local.get $d2))))
          (local.set $a23 (f32x4.add (local.get $a23) (f32x4.mul (local.get $v2) (local.get $d3))))
          (local.set $r0 (i32.add (local.get $r0) (local.get $colStep)))
          (local.set $r1 (i32.add (local.get $r1) (local.get $colStep)))
          (local.set $r2 (i32.add (local.get $r2) (local.get $colStep)))
          (local.set $d (i32.add (local.get $d) (local.get $dyStep)))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br $colLoop)))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br $rowLoop)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $batchLoop)))
    (if (local.get $out0) (then
      (v128.store (local.get $out0) (local.get $a00))
      (v128.store offset=16 (local.get $out0) (local.get $a01))
      (v128.store offset=32 (local.get $out0) (local.get $a02))
      (v128.store offset=48 (local.get $out0) (local.get $a03))))
    (if (local.get $out1) (then
      (v128.store (local.get $out1) (local.get $a10))
      (v128.store offset=16 (local.get $out1) (local.get $a11))
      (v128.store offset=32 (local.get $out1) (local.get $a12))
      (v128.store offset=48 (local.get $out1) (local.get $a13))))
    (if (local.get $out2) (then
      (v128.store (local.get $out2) (local.get $a20))
      (v128.store offset=16 (local.get $out2) (local.get $a21))
      (v128.store offset=32 (local.get $out2) (local.get $a22))
      (v128.store offset=48 (local.get $out2) (local.get $a23))))
  )
)
