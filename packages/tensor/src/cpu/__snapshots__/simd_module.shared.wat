(module
  (type (;0;) (func (param i32 i32 i32 i32)))
  (type (;1;) (func (param i32 i32 i32 i32 i32)))
  (type (;2;) (func (param i32 i32 i32 i32 i32 i32 i32 i32 f64)))
  (type (;3;) (func (param i32 i32 i32)))
  (type (;4;) (func (param i32 i32 i32 i32 i32 i32 i32)))
  (type (;5;) (func (param i32 i32 i32 i32 i32 i32)))
  (import "env" "memory" (memory (;0;) 1 32768 shared))
  (func $forward10 (type 0) (param $rows i32) (param $n i32) (param $w i32) (param $out i32)
    (local $i i32) (local $j i32) (local $end i32) (local $ent i32) (local $k i32) (local $p i32) (local $k2 i32) (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $xs v128) (local $v3 v128) (local $v4 v128) (local $v5 v128) (local $xs2 v128)
    i32.const 0
    local.set $i
    block  ;; label = @1
      loop  ;; label = @2
        local.get $i
        local.get $n
        i32.ge_u
        br_if 1 (;@1;)
        local.get $rows
        local.get $i
        i32.const 3
        i32.shl
        i32.add
        local.tee $p
        i32.load
        local.set $j
        local.get $p
        i32.load offset=4
        local.set $end
        v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
        local.tee $v0
        local.tee $v1
        local.tee $v2
        local.tee $v3
        local.tee $v4
        local.set $v5
        block  ;; label = @3
          loop  ;; label = @4
            local.get $j
            i32.const 8
            i32.add
            local.get $end
            i32.gt_u
            br_if 1 (;@3;)
            local.get $j
            i32.load
            local.tee $ent
            i32.const 255
            i32.and
            i32.const 2
            i32.shl
            v128.load32_splat align=1
            local.set $xs
            local.get $ent
            i32.const 8
            i32.shr_u
            i32.const 40
            i32.mul
            local.get $w
            i32.add
            local.set $k
            local.get $j
            i32.load offset=4
            local.tee $ent
            i32.const 255
            i32.and
            i32.const 2
            i32.shl
            v128.load32_splat align=1
            local.set $xs2
            local.get $ent
            i32.const 8
            i32.shr_u
            i32.const 40
            i32.mul
            local.get $w
            i32.add
            local.set $k2
            local.get $v0
            local.get $xs
            local.get $k
            v128.load align=1
            f32x4.mul
            f32x4.add
            local.set $v0
            local.get $v1
            local.get $xs
            local.get $k
            v128.load offset=16 align=1
            f32x4.mul
            f32x4.add
            local.set $v1
            local.get $v2
            local.get $xs
            local.get $k
            v128.load64_zero offset=32 align=1
            f32x4.mul
            f32x4.add
            local.set $v2
            local.get $v3
            local.get $xs2
            local.get $k2
            v128.load align=1
            f32x4.mul
            f32x4.add
            local.set $v3
            local.get $v4
            local.get $xs2
            local.get $k2
            v128.load offset=16 align=1
            f32x4.mul
            f32x4.add
            local.set $v4
            local.get $v5
            local.get $xs2
            local.get $k2
            v128.load64_zero offset=32 align=1
            f32x4.mul
            f32x4.add
            local.set $v5
            local.get $j
            i32.const 8
            i32.add
            local.set $j
            br 0 (;@4;)
          end
        end
        block  ;; label = @3
          local.get $j
          local.get $end
          i32.ge_u
          br_if 0 (;@3;)
          local.get $j
          i32.load
          local.tee $ent
          i32.const 255
          i32.and
          i32.const 2
          i32.shl
          v128.load32_splat align=1
          local.set $xs
          local.get $ent
          i32.const 8
          i32.shr_u
          i32.const 40
          i32.mul
          local.get $w
          i32.add
          local.set $k
          local.get $v0
          local.get $xs
          local.get $k
          v128.load align=1
          f32x4.mul
          f32x4.add
          local.set $v0
          local.get $v1
          local.get $xs
          local.get $k
          v128.load offset=16 align=1
          f32x4.mul
          f32x4.add
          local.set $v1
          local.get $v2
          local.get $xs
          local.get $k
          v128.load64_zero offset=32 align=1
          f32x4.mul
          f32x4.add
          local.set $v2
        end
        local.get $out
        local.get $i
        i32.const 40
        i32.mul
        i32.add
        local.tee $p
        local.get $v0
        local.get $v3
        f32x4.add
        v128.store align=1
        local.get $p
        local.get $v1
        local.get $v4
        f32x4.add
        v128.store offset=16 align=1
        local.get $p
        local.get $v2
        local.get $v5
        f32x4.add
        v128.store64_lane offset=32 align=1 0
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br 0 (;@2;)
      end
    end)
  (func $backward10 (type 0) (param $rows i32) (param $n i32) (param $g i32) (param $gw i32)
    (local $i i32) (local $j i32) (local $end i32) (local $ent i32) (local $k i32) (local $p i32) (local $k2 i32) (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $xs v128) (local $v3 v128) (local $v4 v128) (local $v5 v128) (local $xs2 v128)
    i32.const 0
    local.set $i
    block  ;; label = @1
      loop  ;; label = @2
        local.get $i
        local.get $n
        i32.ge_u
        br_if 1 (;@1;)
        local.get $rows
        local.get $i
        i32.const 3
        i32.shl
        i32.add
        local.tee $p
        i32.load
        local.set $j
        local.get $p
        i32.load offset=4
        local.set $end
        local.get $g
        local.get $i
        i32.const 40
        i32.mul
        i32.add
        local.tee $p
        v128.load align=1
        local.set $v0
        local.get $p
        v128.load offset=16 align=1
        local.set $v1
        local.get $p
        v128.load64_zero offset=32 align=1
        local.set $v2
        block  ;; label = @3
          loop  ;; label = @4
            local.get $j
            local.get $end
            i32.ge_u
            br_if 1 (;@3;)
            local.get $j
            i32.load
            local.tee $ent
            i32.const 255
            i32.and
            i32.const 2
            i32.shl
            v128.load32_splat align=1
            local.set $xs
            local.get $ent
            i32.const 8
            i32.shr_u
            i32.const 40
            i32.mul
            local.get $gw
            i32.add
            local.set $k
            local.get $k
            local.get $k
            v128.load align=1
            local.get $xs
            local.get $v0
            f32x4.mul
            f32x4.add
            v128.store align=1
            local.get $k
            local.get $k
            v128.load offset=16 align=1
            local.get $xs
            local.get $v1
            f32x4.mul
            f32x4.add
            v128.store offset=16 align=1
            local.get $k
            local.get $k
            v128.load64_zero offset=32 align=1
            local.get $xs
            local.get $v2
            f32x4.mul
            f32x4.add
            v128.store64_lane offset=32 align=1 0
            local.get $j
            i32.const 4
            i32.add
            local.set $j
            br 0 (;@4;)
          end
        end
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br 0 (;@2;)
      end
    end)
  (func $index16 (type 1) (param $src i32) (param $rows i32) (param $chunks i32) (param $dst i32) (param $ends i32)
    (local $i i32) (local $j i32) (local $end i32) (local $ent i32) (local $k i32) (local $p i32) (local $k2 i32) (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $xs v128) (local $v3 v128) (local $v4 v128) (local $v5 v128) (local $xs2 v128)
    i32.const 2048
    i32x4.splat
    local.set $v3
    local.get $src
    local.set $p
    i32.const 0
    local.set $i
    block  ;; label = @1
      loop  ;; label = @2
        local.get $i
        local.get $rows
        i32.ge_u
        br_if 1 (;@1;)
        i32.const 0
        local.set $j
        block  ;; label = @3
          loop  ;; label = @4
            local.get $j
            local.get $chunks
            i32.ge_u
            br_if 1 (;@3;)
            block  ;; label = @5
              local.get $p
              v128.load align=1
              local.tee $v0
              v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
              i8x16.eq
              i8x16.bitmask
              i32.const 65535
              i32.xor
              local.tee $k
              i32.eqz
              br_if 0 (;@5;)
              local.get $j
              i32.const 12
              i32.shl
              i32x4.splat
              local.tee $xs
              local.get $v3
              i32x4.add
              local.set $xs2
              local.get $k
              i32.const 255
              i32.and
              local.tee $ent
              i32.const 3
              i32.shl
              v128.load64_zero offset=1024 align=1
              local.set $v1
              local.get $v0
              local.get $v1
              i8x16.swizzle
              local.get $v1
              i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23
              local.set $v2
              local.get $dst
              local.get $v2
              i32x4.extend_low_i16x8_u
              local.get $xs
              i32x4.add
              v128.store align=1
              local.get $dst
              local.get $v2
              i32x4.extend_high_i16x8_u
              local.get $xs
              i32x4.add
              v128.store offset=16 align=1
              local.get $dst
              local.get $ent
              i32.popcnt
              i32.const 2
              i32.shl
              i32.add
              local.set $dst
              local.get $k
              i32.const 8
              i32.shr_u
              local.tee $ent
              i32.const 3
              i32.shl
              v128.load64_zero offset=1024 align=1
              local.set $v1
              local.get $v0
              local.get $v1
              i32.const 8
              i8x16.splat
              i8x16.add
              i8x16.swizzle
              local.get $v1
              i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23
              local.set $v2
              local.get $dst
              local.get $v2
              i32x4.extend_low_i16x8_u
              local.get $xs2
              i32x4.add
              v128.store align=1
              local.get $dst
              local.get $v2
              i32x4.extend_high_i16x8_u
              local.get $xs2
              i32x4.add
              v128.store offset=16 align=1
              local.get $dst
              local.get $ent
              i32.popcnt
              i32.const 2
              i32.shl
              i32.add
              local.set $dst
            end
            local.get $p
            i32.const 16
            i32.add
            local.set $p
            local.get $j
            i32.const 1
            i32.add
            local.set $j
            br 0 (;@4;)
          end
        end
        local.get $ends
        local.get $i
        i32.const 2
        i32.shl
        i32.add
        local.get $dst
        i32.store
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br 0 (;@2;)
      end
    end)
  (func $loss10 (type 2) (param $z i32) (param $labels i32) (param $n i32) (param $grad i32) (param $out i32) (param $args i32) (param $mse i32) (param $scratch i32) (param $gscale f64)
    (local $i i32) (local $zr i32) (local $y i32) (local $arg i32) (local $gr i32) (local $gt i32) (local $max f32) (local $v f32) (local $sum f64) (local $oth f64) (local $py f64) (local $dy f64) (local $dot f64) (local $e0 v128) (local $e1 v128) (local $e2 v128) (local $e3 v128) (local $e4 v128) (local $t v128) (local $x v128) (local $k v128) (local $nf v128) (local $r v128) (local $m v128) (local $r2 v128) (local $r4 v128) (local $flush v128) (local $log2e v128) (local $magic v128) (local $ln2Hi v128) (local $ln2Lo v128) (local $one v128) (local $f2 v128) (local $f3 v128) (local $f4 v128) (local $f5 v128) (local $f6 v128) (local $f7 v128) (local $f8 v128) (local $f9 v128) (local $f10 v128) (local $f11 v128) (local $f12 v128) (local $f13 v128)
    v128.const i32x4 0x00000000 0xc0862000 0x00000000 0xc0862000
    local.set $flush
    v128.const i32x4 0x652b82fe 0x3ff71547 0x652b82fe 0x3ff71547
    local.set $log2e
    v128.const i32x4 0x00000000 0x43380000 0x00000000 0x43380000
    local.set $magic
    v128.const i32x4 0xfee00000 0x3fe62e42 0xfee00000 0x3fe62e42
    local.set $ln2Hi
    v128.const i32x4 0x35793c76 0x3dea39ef 0x35793c76 0x3dea39ef
    local.set $ln2Lo
    v128.const i32x4 0x00000000 0x3ff00000 0x00000000 0x3ff00000
    local.set $one
    v128.const i32x4 0x00000000 0x3fe00000 0x00000000 0x3fe00000
    local.set $f2
    v128.const i32x4 0x55555555 0x3fc55555 0x55555555 0x3fc55555
    local.set $f3
    v128.const i32x4 0x55555555 0x3fa55555 0x55555555 0x3fa55555
    local.set $f4
    v128.const i32x4 0x11111111 0x3f811111 0x11111111 0x3f811111
    local.set $f5
    v128.const i32x4 0x16c16c17 0x3f56c16c 0x16c16c17 0x3f56c16c
    local.set $f6
    v128.const i32x4 0x1a01a01a 0x3f2a01a0 0x1a01a01a 0x3f2a01a0
    local.set $f7
    v128.const i32x4 0x1a01a01a 0x3efa01a0 0x1a01a01a 0x3efa01a0
    local.set $f8
    v128.const i32x4 0xa556c734 0x3ec71de3 0xa556c734 0x3ec71de3
    local.set $f9
    v128.const i32x4 0xb7789f5c 0x3e927e4f 0xb7789f5c 0x3e927e4f
    local.set $f10
    v128.const i32x4 0x67f544e4 0x3e5ae645 0x67f544e4 0x3e5ae645
    local.set $f11
    v128.const i32x4 0xeff8d898 0x3e21eed8 0xeff8d898 0x3e21eed8
    local.set $f12
    v128.const i32x4 0x13a86d09 0x3de61246 0x13a86d09 0x3de61246
    local.set $f13
    i32.const 0
    local.set $i
    block  ;; label = @1
      loop  ;; label = @2
        local.get $i
        local.get $n
        i32.ge_u
        br_if 1 (;@1;)
        local.get $z
        local.get $i
        i32.const 40
        i32.mul
        i32.add
        local.tee $zr
        f32.load
        local.set $max
        i32.const 0
        local.set $arg
        i32.const 1
        local.get $arg
        local.get $zr
        f32.load offset=4
        local.tee $v
        local.get $max
        f32.gt
        local.tee $gt
        select
        local.set $arg
        local.get $v
        local.get $max
        local.get $gt
        select
        local.set $max
        i32.const 2
        local.get $arg
        local.get $zr
        f32.load offset=8
        local.tee $v
        local.get $max
        f32.gt
        local.tee $gt
        select
        local.set $arg
        local.get $v
        local.get $max
        local.get $gt
        select
        local.set $max
        i32.const 3
        local.get $arg
        local.get $zr
        f32.load offset=12
        local.tee $v
        local.get $max
        f32.gt
        local.tee $gt
        select
        local.set $arg
        local.get $v
        local.get $max
        local.get $gt
        select
        local.set $max
        i32.const 4
        local.get $arg
        local.get $zr
        f32.load offset=16
        local.tee $v
        local.get $max
        f32.gt
        local.tee $gt
        select
        local.set $arg
        local.get $v
        local.get $max
        local.get $gt
        select
        local.set $max
        i32.const 5
        local.get $arg
        local.get $zr
        f32.load offset=20
        local.tee $v
        local.get $max
        f32.gt
        local.tee $gt
        select
        local.set $arg
        local.get $v
        local.get $max
        local.get $gt
        select
        local.set $max
        i32.const 6
        local.get $arg
        local.get $zr
        f32.load offset=24
        local.tee $v
        local.get $max
        f32.gt
        local.tee $gt
        select
        local.set $arg
        local.get $v
        local.get $max
        local.get $gt
        select
        local.set $max
        i32.const 7
        local.get $arg
        local.get $zr
        f32.load offset=28
        local.tee $v
        local.get $max
        f32.gt
        local.tee $gt
        select
        local.set $arg
        local.get $v
        local.get $max
        local.get $gt
        select
        local.set $max
        i32.const 8
        local.get $arg
        local.get $zr
        f32.load offset=32
        local.tee $v
        local.get $max
        f32.gt
        local.tee $gt
        select
        local.set $arg
        local.get $v
        local.get $max
        local.get $gt
        select
        local.set $max
        i32.const 9
        local.get $arg
        local.get $zr
        f32.load offset=36
        local.tee $v
        local.get $max
        f32.gt
        local.tee $gt
        select
        local.set $arg
        local.get $v
        local.get $max
        local.get $gt
        select
        local.set $max
        local.get $args
        local.get $i
        i32.const 2
        i32.shl
        i32.add
        local.get $arg
        i32.store
        local.get $labels
        local.get $i
        i32.const 2
        i32.shl
        i32.add
        i32.load
        local.set $y
        local.get $grad
        local.get $i
        i32.const 40
        i32.mul
        i32.add
        local.set $gr
        local.get $max
        f64.promote_f32
        f64x2.splat
        local.set $t
        local.get $zr
        v128.load64_zero align=1
        f64x2.promote_low_f32x4
        local.get $t
        f64x2.sub
        local.set $e0
        local.get $zr
        v128.load64_zero offset=8 align=1
        f64x2.promote_low_f32x4
        local.get $t
        f64x2.sub
        local.set $e1
        local.get $zr
        v128.load64_zero offset=16 align=1
        f64x2.promote_low_f32x4
        local.get $t
        f64x2.sub
        local.set $e2
        local.get $zr
        v128.load64_zero offset=24 align=1
        f64x2.promote_low_f32x4
        local.get $t
        f64x2.sub
        local.set $e3
        local.get $zr
        v128.load64_zero offset=32 align=1
        f64x2.promote_low_f32x4
        local.get $t
        f64x2.sub
        local.set $e4
        local.get $e0
        local.get $flush
        f64x2.lt
        local.set $m
        local.get $e0
        local.get $flush
        f64x2.pmax
        local.set $x
        local.get $x
        local.get $log2e
        f64x2.mul
        local.get $magic
        f64x2.add
        local.tee $k
        local.get $magic
        f64x2.sub
        local.set $nf
        local.get $x
        local.get $nf
        local.get $ln2Hi
        f64x2.mul
        f64x2.sub
        local.get $nf
        local.get $ln2Lo
        f64x2.mul
        f64x2.sub
        local.set $r
        local.get $r
        local.get $r
        f64x2.mul
        local.tee $r2
        local.get $r2
        f64x2.mul
        local.set $r4
        local.get $one
        local.get $r
        local.get $r2
        local.get $f2
        local.get $r
        local.get $f3
        f64x2.mul
        f64x2.add
        local.get $f4
        local.get $r
        local.get $f5
        f64x2.mul
        f64x2.add
        local.get $r2
        f64x2.mul
        f64x2.add
        local.get $f6
        local.get $r
        local.get $f7
        f64x2.mul
        f64x2.add
        local.get $f8
        local.get $r
        local.get $f9
        f64x2.mul
        f64x2.add
        local.get $r2
        f64x2.mul
        f64x2.add
        local.get $r4
        f64x2.mul
        f64x2.add
        local.get $f10
        local.get $r
        local.get $f11
        f64x2.mul
        f64x2.add
        local.get $f12
        local.get $r
        local.get $f13
        f64x2.mul
        f64x2.add
        local.get $r2
        f64x2.mul
        f64x2.add
        local.get $r4
        local.get $r4
        f64x2.mul
        f64x2.mul
        f64x2.add
        f64x2.mul
        f64x2.add
        f64x2.add
        local.get $k
        i32.const 52
        i64x2.shl
        local.get $one
        i64x2.add
        f64x2.mul
        local.get $m
        v128.andnot
        local.set $e0
        local.get $e1
        local.get $flush
        f64x2.lt
        local.set $m
        local.get $e1
        local.get $flush
        f64x2.pmax
        local.set $x
        local.get $x
        local.get $log2e
        f64x2.mul
        local.get $magic
        f64x2.add
        local.tee $k
        local.get $magic
        f64x2.sub
        local.set $nf
        local.get $x
        local.get $nf
        local.get $ln2Hi
        f64x2.mul
        f64x2.sub
        local.get $nf
        local.get $ln2Lo
        f64x2.mul
        f64x2.sub
        local.set $r
        local.get $r
        local.get $r
        f64x2.mul
        local.tee $r2
        local.get $r2
        f64x2.mul
        local.set $r4
        local.get $one
        local.get $r
        local.get $r2
        local.get $f2
        local.get $r
        local.get $f3
        f64x2.mul
        f64x2.add
        local.get $f4
        local.get $r
        local.get $f5
        f64x2.mul
        f64x2.add
        local.get $r2
        f64x2.mul
        f64x2.add
        local.get $f6
        local.get $r
        local.get $f7
        f64x2.mul
        f64x2.add
        local.get $f8
        local.get $r
        local.get $f9
        f64x2.mul
        f64x2.add
        local.get $r2
        f64x2.mul
        f64x2.add
        local.get $r4
        f64x2.mul
        f64x2.add
        local.get $f10
        local.get $r
        local.get $f11
        f64x2.mul
        f64x2.add
        local.get $f12
        local.get $r
        local.get $f13
        f64x2.mul
        f64x2.add
        local.get $r2
        f64x2.mul
        f64x2.add
        local.get $r4
        local.get $r4
        f64x2.mul
        f64x2.mul
        f64x2.add
        f64x2.mul
        f64x2.add
        f64x2.add
        local.get $k
        i32.const 52
        i64x2.shl
        local.get $one
        i64x2.add
        f64x2.mul
        local.get $m
        v128.andnot
        local.set $e1
        local.get $e2
        local.get $flush
        f64x2.lt
        local.set $m
        local.get $e2
        local.get $flush
        f64x2.pmax
        local.set $x
        local.get $x
        local.get $log2e
        f64x2.mul
        local.get $magic
        f64x2.add
        local.tee $k
        local.get $magic
        f64x2.sub
        local.set $nf
        local.get $x
        local.get $nf
        local.get $ln2Hi
        f64x2.mul
        f64x2.sub
        local.get $nf
        local.get $ln2Lo
        f64x2.mul
        f64x2.sub
        local.set $r
        local.get $r
        local.get $r
        f64x2.mul
        local.tee $r2
        local.get $r2
        f64x2.mul
        local.set $r4
        local.get $one
        local.get $r
        local.get $r2
        local.get $f2
        local.get $r
        local.get $f3
        f64x2.mul
        f64x2.add
        local.get $f4
        local.get $r
        local.get $f5
        f64x2.mul
        f64x2.add
        local.get $r2
        f64x2.mul
        f64x2.add
        local.get $f6
        local.get $r
        local.get $f7
        f64x2.mul
        f64x2.add
        local.get $f8
        local.get $r
        local.get $f9
        f64x2.mul
        f64x2.add
        local.get $r2
        f64x2.mul
        f64x2.add
        local.get $r4
        f64x2.mul
        f64x2.add
        local.get $f10
        local.get $r
        local.get $f11
        f64x2.mul
        f64x2.add
        local.get $f12
        local.get $r
        local.get $f13
        f64x2.mul
        f64x2.add
        local.get $r2
        f64x2.mul
        f64x2.add
        local.get $r4
        local.get $r4
        f64x2.mul
        f64x2.mul
        f64x2.add
        f64x2.mul
        f64x2.add
        f64x2.add
        local.get $k
        i32.const 52
        i64x2.shl
        local.get $one
        i64x2.add
        f64x2.mul
        local.get $m
        v128.andnot
        local.set $e2
        local.get $e3
        local.get $flush
        f64x2.lt
        local.set $m
        local.get $e3
        local.get $flush
        f64x2.pmax
        local.set $x
        local.get $x
        local.get $log2e
        f64x2.mul
        local.get $magic
        f64x2.add
        local.tee $k
        local.get $magic
        f64x2.sub
        local.set $nf
        local.get $x
        local.get $nf
        local.get $ln2Hi
        f64x2.mul
        f64x2.sub
        local.get $nf
        local.get $ln2Lo
        f64x2.mul
        f64x2.sub
        local.set $r
        local.get $r
        local.get $r
        f64x2.mul
        local.tee $r2
        local.get $r2
        f64x2.mul
        local.set $r4
        local.get $one
        local.get $r
        local.get $r2
        local.get $f2
        local.get $r
        local.get $f3
        f64x2.mul
        f64x2.add
        local.get $f4
        local.get $r
        local.get $f5
        f64x2.mul
        f64x2.add
        local.get $r2
        f64x2.mul
        f64x2.add
        local.get $f6
        local.get $r
        local.get $f7
        f64x2.mul
        f64x2.add
        local.get $f8
        local.get $r
        local.get $f9
        f64x2.mul
        f64x2.add
        local.get $r2
        f64x2.mul
        f64x2.add
        local.get $r4
        f64x2.mul
        f64x2.add
        local.get $f10
        local.get $r
        local.get $f11
        f64x2.mul
        f64x2.add
        local.get $f12
        local.get $r
        local.get $f13
        f64x2.mul
        f64x2.add
        local.get $r2
        f64x2.mul
        f64x2.add
        local.get $r4
        local.get $r4
        f64x2.mul
        f64x2.mul
        f64x2.add
        f64x2.mul
        f64x2.add
        f64x2.add
        local.get $k
        i32.const 52
        i64x2.shl
        local.get $one
        i64x2.add
        f64x2.mul
        local.get $m
        v128.andnot
        local.set $e3
        local.get $e4
        local.get $flush
        f64x2.lt
        local.set $m
        local.get $e4
        local.get $flush
        f64x2.pmax
        local.set $x
        local.get $x
        local.get $log2e
        f64x2.mul
        local.get $magic
        f64x2.add
        local.tee $k
        local.get $magic
        f64x2.sub
        local.set $nf
        local.get $x
        local.get $nf
        local.get $ln2Hi
        f64x2.mul
        f64x2.sub
        local.get $nf
        local.get $ln2Lo
        f64x2.mul
        f64x2.sub
        local.set $r
        local.get $r
        local.get $r
        f64x2.mul
        local.tee $r2
        local.get $r2
        f64x2.mul
        local.set $r4
        local.get $one
        local.get $r
        local.get $r2
        local.get $f2
        local.get $r
        local.get $f3
        f64x2.mul
        f64x2.add
        local.get $f4
        local.get $r
        local.get $f5
        f64x2.mul
        f64x2.add
        local.get $r2
        f64x2.mul
        f64x2.add
        local.get $f6
        local.get $r
        local.get $f7
        f64x2.mul
        f64x2.add
        local.get $f8
        local.get $r
        local.get $f9
        f64x2.mul
        f64x2.add
        local.get $r2
        f64x2.mul
        f64x2.add
        local.get $r4
        f64x2.mul
        f64x2.add
        local.get $f10
        local.get $r
        local.get $f11
        f64x2.mul
        f64x2.add
        local.get $f12
        local.get $r
        local.get $f13
        f64x2.mul
        f64x2.add
        local.get $r2
        f64x2.mul
        f64x2.add
        local.get $r4
        local.get $r4
        f64x2.mul
        f64x2.mul
        f64x2.add
        f64x2.mul
        f64x2.add
        f64x2.add
        local.get $k
        i32.const 52
        i64x2.shl
        local.get $one
        i64x2.add
        f64x2.mul
        local.get $m
        v128.andnot
        local.set $e4
        local.get $scratch
        local.get $e0
        v128.store align=1
        local.get $scratch
        local.get $e1
        v128.store offset=16 align=1
        local.get $scratch
        local.get $e2
        v128.store offset=32 align=1
        local.get $scratch
        local.get $e3
        v128.store offset=48 align=1
        local.get $scratch
        local.get $e4
        v128.store offset=64 align=1
        local.get $scratch
        f64.load
        local.get $scratch
        f64.load offset=8
        f64.add
        local.get $scratch
        f64.load offset=16
        f64.add
        local.get $scratch
        f64.load offset=24
        f64.add
        local.get $scratch
        f64.load offset=32
        f64.add
        local.get $scratch
        f64.load offset=40
        f64.add
        local.get $scratch
        f64.load offset=48
        f64.add
        local.get $scratch
        f64.load offset=56
        f64.add
        local.get $scratch
        f64.load offset=64
        f64.add
        local.get $scratch
        f64.load offset=72
        f64.add
        local.set $sum
        f64.const 0x1p+0 (;=1;)
        local.get $sum
        f64.div
        f64x2.splat
        local.set $t
        local.get $scratch
        local.get $e0
        local.get $t
        f64x2.mul
        local.tee $e0
        v128.store align=1
        local.get $scratch
        local.get $e1
        local.get $t
        f64x2.mul
        local.tee $e1
        v128.store offset=16 align=1
        local.get $scratch
        local.get $e2
        local.get $t
        f64x2.mul
        local.tee $e2
        v128.store offset=32 align=1
        local.get $scratch
        local.get $e3
        local.get $t
        f64x2.mul
        local.tee $e3
        v128.store offset=48 align=1
        local.get $scratch
        local.get $e4
        local.get $t
        f64x2.mul
        local.tee $e4
        v128.store offset=64 align=1
        local.get $scratch
        local.get $y
        i32.const 3
        i32.shl
        i32.add
        f64.load
        local.set $py
        local.get $mse
        if  ;; label = @3
          f64.const 0x0p+0 (;=0;)
          local.set $oth
          local.get $oth
          local.get $scratch
          f64.load
          local.get $scratch
          f64.load
          f64.mul
          f64.const 0x0p+0 (;=0;)
          local.get $y
          i32.const 0
          i32.ne
          select
          f64.add
          local.set $oth
          local.get $oth
          local.get $scratch
          f64.load offset=8
          local.get $scratch
          f64.load offset=8
          f64.mul
          f64.const 0x0p+0 (;=0;)
          local.get $y
          i32.const 1
          i32.ne
          select
          f64.add
          local.set $oth
          local.get $oth
          local.get $scratch
          f64.load offset=16
          local.get $scratch
          f64.load offset=16
          f64.mul
          f64.const 0x0p+0 (;=0;)
          local.get $y
          i32.const 2
          i32.ne
          select
          f64.add
          local.set $oth
          local.get $oth
          local.get $scratch
          f64.load offset=24
          local.get $scratch
          f64.load offset=24
          f64.mul
          f64.const 0x0p+0 (;=0;)
          local.get $y
          i32.const 3
          i32.ne
          select
          f64.add
          local.set $oth
          local.get $oth
          local.get $scratch
          f64.load offset=32
          local.get $scratch
          f64.load offset=32
          f64.mul
          f64.const 0x0p+0 (;=0;)
          local.get $y
          i32.const 4
          i32.ne
          select
          f64.add
          local.set $oth
          local.get $oth
          local.get $scratch
          f64.load offset=40
          local.get $scratch
          f64.load offset=40
          f64.mul
          f64.const 0x0p+0 (;=0;)
          local.get $y
          i32.const 5
          i32.ne
          select
          f64.add
          local.set $oth
          local.get $oth
          local.get $scratch
          f64.load offset=48
          local.get $scratch
          f64.load offset=48
          f64.mul
          f64.const 0x0p+0 (;=0;)
          local.get $y
          i32.const 6
          i32.ne
          select
          f64.add
          local.set $oth
          local.get $oth
          local.get $scratch
          f64.load offset=56
          local.get $scratch
          f64.load offset=56
          f64.mul
          f64.const 0x0p+0 (;=0;)
          local.get $y
          i32.const 7
          i32.ne
          select
          f64.add
          local.set $oth
          local.get $oth
          local.get $scratch
          f64.load offset=64
          local.get $scratch
          f64.load offset=64
          f64.mul
          f64.const 0x0p+0 (;=0;)
          local.get $y
          i32.const 8
          i32.ne
          select
          f64.add
          local.set $oth
          local.get $oth
          local.get $scratch
          f64.load offset=72
          local.get $scratch
          f64.load offset=72
          f64.mul
          f64.const 0x0p+0 (;=0;)
          local.get $y
          i32.const 9
          i32.ne
          select
          f64.add
          local.set $oth
          local.get $py
          f64.const 0x1p+0 (;=1;)
          f64.sub
          local.set $dy
          local.get $out
          local.get $i
          i32.const 3
          i32.shl
          i32.add
          local.get $oth
          local.get $dy
          local.get $dy
          f64.mul
          f64.add
          f64.const 0x1.4p+3 (;=10;)
          f64.div
          f64.store
          local.get $grad
          if  ;; label = @4
            local.get $oth
            local.get $py
            local.get $dy
            f64.mul
            f64.add
            local.tee $dot
            f64x2.splat
            local.set $t
            local.get $gscale
            f64x2.splat
            local.set $x
            local.get $gr
            local.get $e0
            local.get $e0
            local.get $t
            f64x2.sub
            f64x2.mul
            local.get $x
            f64x2.mul
            f32x4.demote_f64x2_zero
            v128.store64_lane align=1 0
            local.get $gr
            local.get $e1
            local.get $e1
            local.get $t
            f64x2.sub
            f64x2.mul
            local.get $x
            f64x2.mul
            f32x4.demote_f64x2_zero
            v128.store64_lane offset=8 align=1 0
            local.get $gr
            local.get $e2
            local.get $e2
            local.get $t
            f64x2.sub
            f64x2.mul
            local.get $x
            f64x2.mul
            f32x4.demote_f64x2_zero
            v128.store64_lane offset=16 align=1 0
            local.get $gr
            local.get $e3
            local.get $e3
            local.get $t
            f64x2.sub
            f64x2.mul
            local.get $x
            f64x2.mul
            f32x4.demote_f64x2_zero
            v128.store64_lane offset=24 align=1 0
            local.get $gr
            local.get $e4
            local.get $e4
            local.get $t
            f64x2.sub
            f64x2.mul
            local.get $x
            f64x2.mul
            f32x4.demote_f64x2_zero
            v128.store64_lane offset=32 align=1 0
            local.get $gr
            local.get $y
            i32.const 2
            i32.shl
            i32.add
            local.get $py
            local.get $dy
            local.get $dot
            f64.sub
            f64.mul
            local.get $gscale
            f64.mul
            f32.demote_f64
            f32.store
          end
        else
          local.get $out
          local.get $i
          i32.const 3
          i32.shl
          i32.add
          local.get $sum
          f64.store
          local.get $grad
          if  ;; label = @4
            local.get $gscale
            f64x2.splat
            local.set $x
            local.get $gr
            local.get $e0
            local.get $x
            f64x2.mul
            f32x4.demote_f64x2_zero
            v128.store64_lane align=1 0
            local.get $gr
            local.get $e1
            local.get $x
            f64x2.mul
            f32x4.demote_f64x2_zero
            v128.store64_lane offset=8 align=1 0
            local.get $gr
            local.get $e2
            local.get $x
            f64x2.mul
            f32x4.demote_f64x2_zero
            v128.store64_lane offset=16 align=1 0
            local.get $gr
            local.get $e3
            local.get $x
            f64x2.mul
            f32x4.demote_f64x2_zero
            v128.store64_lane offset=24 align=1 0
            local.get $gr
            local.get $e4
            local.get $x
            f64x2.mul
            f32x4.demote_f64x2_zero
            v128.store64_lane offset=32 align=1 0
            local.get $gr
            local.get $y
            i32.const 2
            i32.shl
            i32.add
            local.get $py
            f64.const 0x1p+0 (;=1;)
            f64.sub
            local.get $gscale
            f64.mul
            f32.demote_f64
            f32.store
          end
        end
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br 0 (;@2;)
      end
    end)
  (func $exp64 (type 3) (param $src i32) (param $dst i32) (param $pairs i32)
    (local $i i32) (local $v v128) (local $x v128) (local $k v128) (local $nf v128) (local $r v128) (local $m v128) (local $r2 v128) (local $r4 v128) (local $flush v128) (local $log2e v128) (local $magic v128) (local $ln2Hi v128) (local $ln2Lo v128) (local $one v128) (local $f2 v128) (local $f3 v128) (local $f4 v128) (local $f5 v128) (local $f6 v128) (local $f7 v128) (local $f8 v128) (local $f9 v128) (local $f10 v128) (local $f11 v128) (local $f12 v128) (local $f13 v128)
    v128.const i32x4 0x00000000 0xc0862000 0x00000000 0xc0862000
    local.set $flush
    v128.const i32x4 0x652b82fe 0x3ff71547 0x652b82fe 0x3ff71547
    local.set $log2e
    v128.const i32x4 0x00000000 0x43380000 0x00000000 0x43380000
    local.set $magic
    v128.const i32x4 0xfee00000 0x3fe62e42 0xfee00000 0x3fe62e42
    local.set $ln2Hi
    v128.const i32x4 0x35793c76 0x3dea39ef 0x35793c76 0x3dea39ef
    local.set $ln2Lo
    v128.const i32x4 0x00000000 0x3ff00000 0x00000000 0x3ff00000
    local.set $one
    v128.const i32x4 0x00000000 0x3fe00000 0x00000000 0x3fe00000
    local.set $f2
    v128.const i32x4 0x55555555 0x3fc55555 0x55555555 0x3fc55555
    local.set $f3
    v128.const i32x4 0x55555555 0x3fa55555 0x55555555 0x3fa55555
    local.set $f4
    v128.const i32x4 0x11111111 0x3f811111 0x11111111 0x3f811111
    local.set $f5
    v128.const i32x4 0x16c16c17 0x3f56c16c 0x16c16c17 0x3f56c16c
    local.set $f6
    v128.const i32x4 0x1a01a01a 0x3f2a01a0 0x1a01a01a 0x3f2a01a0
    local.set $f7
    v128.const i32x4 0x1a01a01a 0x3efa01a0 0x1a01a01a 0x3efa01a0
    local.set $f8
    v128.const i32x4 0xa556c734 0x3ec71de3 0xa556c734 0x3ec71de3
    local.set $f9
    v128.const i32x4 0xb7789f5c 0x3e927e4f 0xb7789f5c 0x3e927e4f
    local.set $f10
    v128.const i32x4 0x67f544e4 0x3e5ae645 0x67f544e4 0x3e5ae645
    local.set $f11
    v128.const i32x4 0xeff8d898 0x3e21eed8 0xeff8d898 0x3e21eed8
    local.set $f12
    v128.const i32x4 0x13a86d09 0x3de61246 0x13a86d09 0x3de61246
    local.set $f13
    i32.const 0
    local.set $i
    block  ;; label = @1
      loop  ;; label = @2
        local.get $i
        local.get $pairs
        i32.ge_u
        br_if 1 (;@1;)
        local.get $src
        local.get $i
        i32.const 4
        i32.shl
        i32.add
        v128.load align=1
        local.set $v
        local.get $v
        local.get $flush
        f64x2.lt
        local.set $m
        local.get $v
        local.get $flush
        f64x2.pmax
        local.set $x
        local.get $x
        local.get $log2e
        f64x2.mul
        local.get $magic
        f64x2.add
        local.tee $k
        local.get $magic
        f64x2.sub
        local.set $nf
        local.get $x
        local.get $nf
        local.get $ln2Hi
        f64x2.mul
        f64x2.sub
        local.get $nf
        local.get $ln2Lo
        f64x2.mul
        f64x2.sub
        local.set $r
        local.get $r
        local.get $r
        f64x2.mul
        local.tee $r2
        local.get $r2
        f64x2.mul
        local.set $r4
        local.get $one
        local.get $r
        local.get $r2
        local.get $f2
        local.get $r
        local.get $f3
        f64x2.mul
        f64x2.add
        local.get $f4
        local.get $r
        local.get $f5
        f64x2.mul
        f64x2.add
        local.get $r2
        f64x2.mul
        f64x2.add
        local.get $f6
        local.get $r
        local.get $f7
        f64x2.mul
        f64x2.add
        local.get $f8
        local.get $r
        local.get $f9
        f64x2.mul
        f64x2.add
        local.get $r2
        f64x2.mul
        f64x2.add
        local.get $r4
        f64x2.mul
        f64x2.add
        local.get $f10
        local.get $r
        local.get $f11
        f64x2.mul
        f64x2.add
        local.get $f12
        local.get $r
        local.get $f13
        f64x2.mul
        f64x2.add
        local.get $r2
        f64x2.mul
        f64x2.add
        local.get $r4
        local.get $r4
        f64x2.mul
        f64x2.mul
        f64x2.add
        f64x2.mul
        f64x2.add
        f64x2.add
        local.get $k
        i32.const 52
        i64x2.shl
        local.get $one
        i64x2.add
        f64x2.mul
        local.get $m
        v128.andnot
        local.set $v
        local.get $dst
        local.get $i
        i32.const 4
        i32.shl
        i32.add
        local.get $v
        v128.store align=1
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br 0 (;@2;)
      end
    end)
  (func $forwardK (type 4) (param $rows i32) (param $n i32) (param $K i32) (param $w i32) (param $wStride i32) (param $out i32) (param $scratch i32)
    (local $i0 i32) (local $bn i32) (local $i i32) (local $j i32) (local $end i32) (local $ent i32) (local $s i32) (local $send i32) (local $m i32) (local $base i32) (local $at i32) (local $a i32) (local $a2 i32) (local $b i32) (local $b2 i32) (local $nrow i32) (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $xs v128) (local $v3 v128) (local $v4 v128) (local $v5 v128) (local $xs2 v128) (local $ea0 v128) (local $ea1 v128) (local $eb0 v128) (local $eb1 v128) (local $eab v128) (local $oa0 v128) (local $oa1 v128) (local $ob0 v128) (local $ob1 v128) (local $oab v128) (local $t v128)
    local.get $n
    i32.const 40
    i32.mul
    local.set $nrow
    i32.const 0
    local.set $i0
    block  ;; label = @1
      loop  ;; label = @2
        local.get $i0
        local.get $n
        i32.ge_u
        br_if 1 (;@1;)
        local.get $n
        local.get $i0
        i32.sub
        local.tee $bn
        i32.const 16
        local.get $bn
        i32.const 16
        i32.lt_u
        select
        local.set $bn
        local.get $scratch
        i32.const 64
        i32.add
        local.set $s
        i32.const 0
        local.set $i
        block  ;; label = @3
          loop  ;; label = @4
            local.get $i
            local.get $bn
            i32.ge_u
            br_if 1 (;@3;)
            local.get $rows
            local.get $i0
            local.get $i
            i32.add
            i32.const 3
            i32.shl
            i32.add
            local.tee $at
            i32.load
            local.set $j
            local.get $at
            i32.load offset=4
            local.set $end
            block  ;; label = @5
              loop  ;; label = @6
                local.get $j
                local.get $end
                i32.ge_u
                br_if 1 (;@5;)
                local.get $s
                local.get $j
                i32.load
                local.tee $ent
                i32.const 8
                i32.shr_u
                i32.const 40
                i32.mul
                i32.store
                local.get $s
                local.get $ent
                i32.const 255
                i32.and
                i32.const 2
                i32.shl
                i32.load
                i32.store offset=4
                local.get $s
                i32.const 8
                i32.add
                local.set $s
                local.get $j
                i32.const 4
                i32.add
                local.set $j
                br 0 (;@6;)
              end
            end
            local.get $scratch
            local.get $i
            i32.const 2
            i32.shl
            i32.add
            local.get $s
            i32.store
            local.get $i
            i32.const 1
            i32.add
            local.set $i
            br 0 (;@4;)
          end
        end
        i32.const 0
        local.set $m
        block  ;; label = @3
          loop  ;; label = @4
            local.get $m
            i32.const 2
            i32.add
            local.get $K
            i32.gt_u
            br_if 1 (;@3;)
            local.get $w
            local.get $m
            local.get $wStride
            i32.mul
            i32.add
            local.set $base
            local.get $out
            local.get $m
            local.get $n
            i32.mul
            local.get $i0
            i32.add
            i32.const 40
            i32.mul
            i32.add
            local.set $at
            local.get $scratch
            i32.const 64
            i32.add
            local.set $s
            i32.const 0
            local.set $i
            block  ;; label = @5
              loop  ;; label = @6
                local.get $i
                local.get $bn
                i32.ge_u
                br_if 1 (;@5;)
                local.get $scratch
                local.get $i
                i32.const 2
                i32.shl
                i32.add
                i32.load
                local.set $send
                v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
                local.tee $ea0
                local.tee $ea1
                local.tee $eb0
                local.tee $eb1
                local.tee $eab
                local.tee $oa0
                local.tee $oa1
                local.tee $ob0
                local.tee $ob1
                local.set $oab
                block  ;; label = @7
                  loop  ;; label = @8
                    local.get $s
                    i32.const 32
                    i32.add
                    local.get $send
                    i32.gt_u
                    br_if 1 (;@7;)
                    local.get $s
                    i32.load
                    local.get $base
                    i32.add
                    local.set $a
                    local.get $s
                    v128.load32_splat offset=4 align=1
                    local.set $xs
                    local.get $a
                    local.get $wStride
                    i32.add
                    local.set $b
                    local.get $ea0
                    local.get $xs
                    local.get $a
                    v128.load align=1
                    f32x4.mul
                    f32x4.add
                    local.set $ea0
                    local.get $ea1
                    local.get $xs
                    local.get $a
                    v128.load offset=16 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $ea1
                    local.get $eb0
                    local.get $xs
                    local.get $b
                    v128.load align=1
                    f32x4.mul
                    f32x4.add
                    local.set $eb0
                    local.get $eb1
                    local.get $xs
                    local.get $b
                    v128.load offset=16 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $eb1
                    local.get $eab
                    local.get $xs
                    local.get $b
                    local.get $a
                    v128.load64_zero offset=32 align=1
                    v128.load64_lane offset=32 align=1 1
                    f32x4.mul
                    f32x4.add
                    local.set $eab
                    local.get $s
                    i32.load offset=8
                    local.get $base
                    i32.add
                    local.set $a2
                    local.get $s
                    v128.load32_splat offset=12 align=1
                    local.set $xs2
                    local.get $a2
                    local.get $wStride
                    i32.add
                    local.set $b2
                    local.get $oa0
                    local.get $xs2
                    local.get $a2
                    v128.load align=1
                    f32x4.mul
                    f32x4.add
                    local.set $oa0
                    local.get $oa1
                    local.get $xs2
                    local.get $a2
                    v128.load offset=16 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $oa1
                    local.get $ob0
                    local.get $xs2
                    local.get $b2
                    v128.load align=1
                    f32x4.mul
                    f32x4.add
                    local.set $ob0
                    local.get $ob1
                    local.get $xs2
                    local.get $b2
                    v128.load offset=16 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $ob1
                    local.get $oab
                    local.get $xs2
                    local.get $b2
                    local.get $a2
                    v128.load64_zero offset=32 align=1
                    v128.load64_lane offset=32 align=1 1
                    f32x4.mul
                    f32x4.add
                    local.set $oab
                    local.get $s
                    i32.load offset=16
                    local.get $base
                    i32.add
                    local.set $a
                    local.get $s
                    v128.load32_splat offset=20 align=1
                    local.set $xs
                    local.get $a
                    local.get $wStride
                    i32.add
                    local.set $b
                    local.get $ea0
                    local.get $xs
                    local.get $a
                    v128.load align=1
                    f32x4.mul
                    f32x4.add
                    local.set $ea0
                    local.get $ea1
                    local.get $xs
                    local.get $a
                    v128.load offset=16 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $ea1
                    local.get $eb0
                    local.get $xs
                    local.get $b
                    v128.load align=1
                    f32x4.mul
                    f32x4.add
                    local.set $eb0
                    local.get $eb1
                    local.get $xs
                    local.get $b
                    v128.load offset=16 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $eb1
                    local.get $eab
                    local.get $xs
                    local.get $b
                    local.get $a
                    v128.load64_zero offset=32 align=1
                    v128.load64_lane offset=32 align=1 1
                    f32x4.mul
                    f32x4.add
                    local.set $eab
                    local.get $s
                    i32.load offset=24
                    local.get $base
                    i32.add
                    local.set $a2
                    local.get $s
                    v128.load32_splat offset=28 align=1
                    local.set $xs2
                    local.get $a2
                    local.get $wStride
                    i32.add
                    local.set $b2
                    local.get $oa0
                    local.get $xs2
                    local.get $a2
                    v128.load align=1
                    f32x4.mul
                    f32x4.add
                    local.set $oa0
                    local.get $oa1
                    local.get $xs2
                    local.get $a2
                    v128.load offset=16 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $oa1
                    local.get $ob0
                    local.get $xs2
                    local.get $b2
                    v128.load align=1
                    f32x4.mul
                    f32x4.add
                    local.set $ob0
                    local.get $ob1
                    local.get $xs2
                    local.get $b2
                    v128.load offset=16 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $ob1
                    local.get $oab
                    local.get $xs2
                    local.get $b2
                    local.get $a2
                    v128.load64_zero offset=32 align=1
                    v128.load64_lane offset=32 align=1 1
                    f32x4.mul
                    f32x4.add
                    local.set $oab
                    local.get $s
                    i32.const 32
                    i32.add
                    local.set $s
                    br 0 (;@8;)
                  end
                end
                block  ;; label = @7
                  local.get $s
                  i32.const 16
                  i32.add
                  local.get $send
                  i32.gt_u
                  br_if 0 (;@7;)
                  local.get $s
                  i32.load
                  local.get $base
                  i32.add
                  local.set $a
                  local.get $s
                  v128.load32_splat offset=4 align=1
                  local.set $xs
                  local.get $a
                  local.get $wStride
                  i32.add
                  local.set $b
                  local.get $ea0
                  local.get $xs
                  local.get $a
                  v128.load align=1
                  f32x4.mul
                  f32x4.add
                  local.set $ea0
                  local.get $ea1
                  local.get $xs
                  local.get $a
                  v128.load offset=16 align=1
                  f32x4.mul
                  f32x4.add
                  local.set $ea1
                  local.get $eb0
                  local.get $xs
                  local.get $b
                  v128.load align=1
                  f32x4.mul
                  f32x4.add
                  local.set $eb0
                  local.get $eb1
                  local.get $xs
                  local.get $b
                  v128.load offset=16 align=1
                  f32x4.mul
                  f32x4.add
                  local.set $eb1
                  local.get $eab
                  local.get $xs
                  local.get $b
                  local.get $a
                  v128.load64_zero offset=32 align=1
                  v128.load64_lane offset=32 align=1 1
                  f32x4.mul
                  f32x4.add
                  local.set $eab
                  local.get $s
                  i32.load offset=8
                  local.get $base
                  i32.add
                  local.set $a2
                  local.get $s
                  v128.load32_splat offset=12 align=1
                  local.set $xs2
                  local.get $a2
                  local.get $wStride
                  i32.add
                  local.set $b2
                  local.get $oa0
                  local.get $xs2
                  local.get $a2
                  v128.load align=1
                  f32x4.mul
                  f32x4.add
                  local.set $oa0
                  local.get $oa1
                  local.get $xs2
                  local.get $a2
                  v128.load offset=16 align=1
                  f32x4.mul
                  f32x4.add
                  local.set $oa1
                  local.get $ob0
                  local.get $xs2
                  local.get $b2
                  v128.load align=1
                  f32x4.mul
                  f32x4.add
                  local.set $ob0
                  local.get $ob1
                  local.get $xs2
                  local.get $b2
                  v128.load offset=16 align=1
                  f32x4.mul
                  f32x4.add
                  local.set $ob1
                  local.get $oab
                  local.get $xs2
                  local.get $b2
                  local.get $a2
                  v128.load64_zero offset=32 align=1
                  v128.load64_lane offset=32 align=1 1
                  f32x4.mul
                  f32x4.add
                  local.set $oab
                  local.get $s
                  i32.const 16
                  i32.add
                  local.set $s
                end
                block  ;; label = @7
                  local.get $s
                  local.get $send
                  i32.ge_u
                  br_if 0 (;@7;)
                  local.get $s
                  i32.load
                  local.get $base
                  i32.add
                  local.set $a
                  local.get $s
                  v128.load32_splat offset=4 align=1
                  local.set $xs
                  local.get $a
                  local.get $wStride
                  i32.add
                  local.set $b
                  local.get $ea0
                  local.get $xs
                  local.get $a
                  v128.load align=1
                  f32x4.mul
                  f32x4.add
                  local.set $ea0
                  local.get $ea1
                  local.get $xs
                  local.get $a
                  v128.load offset=16 align=1
                  f32x4.mul
                  f32x4.add
                  local.set $ea1
                  local.get $eb0
                  local.get $xs
                  local.get $b
                  v128.load align=1
                  f32x4.mul
                  f32x4.add
                  local.set $eb0
                  local.get $eb1
                  local.get $xs
                  local.get $b
                  v128.load offset=16 align=1
                  f32x4.mul
                  f32x4.add
                  local.set $eb1
                  local.get $eab
                  local.get $xs
                  local.get $b
                  local.get $a
                  v128.load64_zero offset=32 align=1
                  v128.load64_lane offset=32 align=1 1
                  f32x4.mul
                  f32x4.add
                  local.set $eab
                end
                local.get $send
                local.set $s
                local.get $at
                local.get $ea0
                local.get $oa0
                f32x4.add
                v128.store align=1
                local.get $at
                local.get $ea1
                local.get $oa1
                f32x4.add
                v128.store offset=16 align=1
                local.get $at
                local.get $eab
                local.get $oab
                f32x4.add
                local.tee $t
                v128.store64_lane offset=32 align=1 0
                local.get $at
                local.get $nrow
                i32.add
                local.tee $b
                local.get $eb0
                local.get $ob0
                f32x4.add
                v128.store align=1
                local.get $b
                local.get $eb1
                local.get $ob1
                f32x4.add
                v128.store offset=16 align=1
                local.get $b
                local.get $t
                v128.store64_lane offset=32 align=1 1
                local.get $at
                i32.const 40
                i32.add
                local.set $at
                local.get $i
                i32.const 1
                i32.add
                local.set $i
                br 0 (;@6;)
              end
            end
            local.get $m
            i32.const 2
            i32.add
            local.set $m
            br 0 (;@4;)
          end
        end
        block  ;; label = @3
          loop  ;; label = @4
            local.get $m
            i32.const 1
            i32.add
            local.get $K
            i32.gt_u
            br_if 1 (;@3;)
            local.get $w
            local.get $m
            local.get $wStride
            i32.mul
            i32.add
            local.set $base
            local.get $out
            local.get $m
            local.get $n
            i32.mul
            local.get $i0
            i32.add
            i32.const 40
            i32.mul
            i32.add
            local.set $at
            local.get $scratch
            i32.const 64
            i32.add
            local.set $s
            i32.const 0
            local.set $i
            block  ;; label = @5
              loop  ;; label = @6
                local.get $i
                local.get $bn
                i32.ge_u
                br_if 1 (;@5;)
                local.get $scratch
                local.get $i
                i32.const 2
                i32.shl
                i32.add
                i32.load
                local.set $send
                v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
                local.tee $v0
                local.tee $v1
                local.tee $v2
                local.tee $v3
                local.tee $v4
                local.set $v5
                block  ;; label = @7
                  loop  ;; label = @8
                    local.get $s
                    i32.const 32
                    i32.add
                    local.get $send
                    i32.gt_u
                    br_if 1 (;@7;)
                    local.get $s
                    i32.load
                    local.get $base
                    i32.add
                    local.set $a
                    local.get $s
                    v128.load32_splat offset=4 align=1
                    local.set $xs
                    local.get $v0
                    local.get $xs
                    local.get $a
                    v128.load align=1
                    f32x4.mul
                    f32x4.add
                    local.set $v0
                    local.get $v1
                    local.get $xs
                    local.get $a
                    v128.load offset=16 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $v1
                    local.get $v2
                    local.get $xs
                    local.get $a
                    v128.load64_zero offset=32 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $v2
                    local.get $s
                    i32.load offset=8
                    local.get $base
                    i32.add
                    local.set $a2
                    local.get $s
                    v128.load32_splat offset=12 align=1
                    local.set $xs2
                    local.get $v3
                    local.get $xs2
                    local.get $a2
                    v128.load align=1
                    f32x4.mul
                    f32x4.add
                    local.set $v3
                    local.get $v4
                    local.get $xs2
                    local.get $a2
                    v128.load offset=16 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $v4
                    local.get $v5
                    local.get $xs2
                    local.get $a2
                    v128.load64_zero offset=32 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $v5
                    local.get $s
                    i32.load offset=16
                    local.get $base
                    i32.add
                    local.set $a
                    local.get $s
                    v128.load32_splat offset=20 align=1
                    local.set $xs
                    local.get $v0
                    local.get $xs
                    local.get $a
                    v128.load align=1
                    f32x4.mul
                    f32x4.add
                    local.set $v0
                    local.get $v1
                    local.get $xs
                    local.get $a
                    v128.load offset=16 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $v1
                    local.get $v2
                    local.get $xs
                    local.get $a
                    v128.load64_zero offset=32 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $v2
                    local.get $s
                    i32.load offset=24
                    local.get $base
                    i32.add
                    local.set $a2
                    local.get $s
                    v128.load32_splat offset=28 align=1
                    local.set $xs2
                    local.get $v3
                    local.get $xs2
                    local.get $a2
                    v128.load align=1
                    f32x4.mul
                    f32x4.add
                    local.set $v3
                    local.get $v4
                    local.get $xs2
                    local.get $a2
                    v128.load offset=16 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $v4
                    local.get $v5
                    local.get $xs2
                    local.get $a2
                    v128.load64_zero offset=32 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $v5
                    local.get $s
                    i32.const 32
                    i32.add
                    local.set $s
                    br 0 (;@8;)
                  end
                end
                block  ;; label = @7
                  local.get $s
                  i32.const 16
                  i32.add
                  local.get $send
                  i32.gt_u
                  br_if 0 (;@7;)
                  local.get $s
                  i32.load
                  local.get $base
                  i32.add
                  local.set $a
                  local.get $s
                  v128.load32_splat offset=4 align=1
                  local.set $xs
                  local.get $v0
                  local.get $xs
                  local.get $a
                  v128.load align=1
                  f32x4.mul
                  f32x4.add
                  local.set $v0
                  local.get $v1
                  local.get $xs
                  local.get $a
                  v128.load offset=16 align=1
                  f32x4.mul
                  f32x4.add
                  local.set $v1
                  local.get $v2
                  local.get $xs
                  local.get $a
                  v128.load64_zero offset=32 align=1
                  f32x4.mul
                  f32x4.add
                  local.set $v2
                  local.get $s
                  i32.load offset=8
                  local.get $base
                  i32.add
                  local.set $a2
                  local.get $s
                  v128.load32_splat offset=12 align=1
                  local.set $xs2
                  local.get $v3
                  local.get $xs2
                  local.get $a2
                  v128.load align=1
                  f32x4.mul
                  f32x4.add
                  local.set $v3
                  local.get $v4
                  local.get $xs2
                  local.get $a2
                  v128.load offset=16 align=1
                  f32x4.mul
                  f32x4.add
                  local.set $v4
                  local.get $v5
                  local.get $xs2
                  local.get $a2
                  v128.load64_zero offset=32 align=1
                  f32x4.mul
                  f32x4.add
                  local.set $v5
                  local.get $s
                  i32.const 16
                  i32.add
                  local.set $s
                end
                block  ;; label = @7
                  local.get $s
                  local.get $send
                  i32.ge_u
                  br_if 0 (;@7;)
                  local.get $s
                  i32.load
                  local.get $base
                  i32.add
                  local.set $a
                  local.get $s
                  v128.load32_splat offset=4 align=1
                  local.set $xs
                  local.get $v0
                  local.get $xs
                  local.get $a
                  v128.load align=1
                  f32x4.mul
                  f32x4.add
                  local.set $v0
                  local.get $v1
                  local.get $xs
                  local.get $a
                  v128.load offset=16 align=1
                  f32x4.mul
                  f32x4.add
                  local.set $v1
                  local.get $v2
                  local.get $xs
                  local.get $a
                  v128.load64_zero offset=32 align=1
                  f32x4.mul
                  f32x4.add
                  local.set $v2
                end
                local.get $send
                local.set $s
                local.get $at
                local.get $v0
                local.get $v3
                f32x4.add
                v128.store align=1
                local.get $at
                local.get $v1
                local.get $v4
                f32x4.add
                v128.store offset=16 align=1
                local.get $at
                local.get $v2
                local.get $v5
                f32x4.add
                v128.store64_lane offset=32 align=1 0
                local.get $at
                i32.const 40
                i32.add
                local.set $at
                local.get $i
                i32.const 1
                i32.add
                local.set $i
                br 0 (;@6;)
              end
            end
            local.get $m
            i32.const 1
            i32.add
            local.set $m
            br 0 (;@4;)
          end
        end
        local.get $i0
        i32.const 16
        i32.add
        local.set $i0
        br 0 (;@2;)
      end
    end)
  (func $backwardK (type 4) (param $rows i32) (param $n i32) (param $K i32) (param $g i32) (param $gw i32) (param $gwStride i32) (param $scratch i32)
    (local $i0 i32) (local $bn i32) (local $i i32) (local $j i32) (local $end i32) (local $ent i32) (local $total i32) (local $features i32) (local $counts i32) (local $pack i32) (local $c i32) (local $pos i32) (local $ff i32) (local $m i32) (local $base i32) (local $at i32) (local $nrow i32) (local $prev i32) (local $send i32) (local $s i32) (local $r i32) (local $rb i32) (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $xs v128) (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128) (local $acc4 v128) (local $acc5 v128) (local $acc6 v128) (local $acc7 v128) (local $acc8 v128) (local $acc9 v128)
    local.get $n
    i32.const 40
    i32.mul
    local.set $nrow
    block  ;; label = @1
      local.get $K
      i32.const 4
      i32.ge_u
      br_if 0 (;@1;)
      i32.const 0
      local.set $m
      block  ;; label = @2
        loop  ;; label = @3
          local.get $m
          local.get $K
          i32.ge_u
          br_if 1 (;@2;)
          local.get $rows
          local.get $n
          local.get $g
          local.get $m
          local.get $nrow
          i32.mul
          i32.add
          local.get $gw
          local.get $m
          local.get $gwStride
          i32.mul
          i32.add
          call $backward10
          local.get $m
          i32.const 1
          i32.add
          local.set $m
          br 0 (;@3;)
        end
      end
      return
    end
    i32.const 0
    local.set $i0
    block  ;; label = @1
      loop  ;; label = @2
        local.get $i0
        local.get $n
        i32.ge_u
        br_if 1 (;@1;)
        local.get $n
        local.get $i0
        i32.sub
        local.tee $bn
        i32.const 128
        local.get $bn
        i32.const 128
        i32.lt_u
        select
        local.set $bn
        i32.const 0
        local.set $total
        i32.const 0
        local.set $features
        i32.const 0
        local.set $i
        block  ;; label = @3
          loop  ;; label = @4
            local.get $i
            local.get $bn
            i32.ge_u
            br_if 1 (;@3;)
            local.get $rows
            local.get $i0
            local.get $i
            i32.add
            i32.const 3
            i32.shl
            i32.add
            local.tee $c
            i32.load
            local.set $j
            local.get $c
            i32.load offset=4
            local.set $end
            local.get $total
            local.get $end
            local.get $j
            i32.sub
            i32.add
            local.set $total
            block  ;; label = @5
              local.get $j
              local.get $end
              i32.ge_u
              br_if 0 (;@5;)
              local.get $end
              i32.const 4
              i32.sub
              i32.load
              i32.const 8
              i32.shr_u
              i32.const 1
              i32.add
              local.tee $c
              local.get $features
              local.get $c
              local.get $features
              i32.gt_u
              select
              local.set $features
            end
            local.get $i
            i32.const 1
            i32.add
            local.set $i
            br 0 (;@4;)
          end
        end
        local.get $scratch
        local.get $total
        i32.const 1
        i32.shl
        i32.add
        local.set $counts
        local.get $counts
        local.get $features
        i32.const 2
        i32.shl
        i32.add
        i32.const 15
        i32.add
        i32.const -16
        i32.and
        local.set $pack
        i32.const 0
        local.set $ff
        block  ;; label = @3
          loop  ;; label = @4
            local.get $ff
            local.get $features
            i32.ge_u
            br_if 1 (;@3;)
            local.get $counts
            local.get $ff
            i32.const 2
            i32.shl
            i32.add
            i32.const 0
            i32.store
            local.get $ff
            i32.const 1
            i32.add
            local.set $ff
            br 0 (;@4;)
          end
        end
        i32.const 0
        local.set $i
        block  ;; label = @3
          loop  ;; label = @4
            local.get $i
            local.get $bn
            i32.ge_u
            br_if 1 (;@3;)
            local.get $rows
            local.get $i0
            local.get $i
            i32.add
            i32.const 3
            i32.shl
            i32.add
            local.tee $c
            i32.load
            local.set $j
            local.get $c
            i32.load offset=4
            local.set $end
            block  ;; label = @5
              loop  ;; label = @6
                local.get $j
                local.get $end
                i32.ge_u
                br_if 1 (;@5;)
                local.get $j
                i32.load
                local.set $ent
                local.get $counts
                local.get $ent
                i32.const 8
                i32.shr_u
                i32.const 2
                i32.shl
                i32.add
                local.set $c
                local.get $c
                local.get $c
                i32.load
                i32.const 1
                i32.add
                i32.store
                local.get $j
                i32.const 4
                i32.add
                local.set $j
                br 0 (;@6;)
              end
            end
            local.get $i
            i32.const 1
            i32.add
            local.set $i
            br 0 (;@4;)
          end
        end
        local.get $scratch
        local.set $pos
        i32.const 0
        local.set $ff
        block  ;; label = @3
          loop  ;; label = @4
            local.get $ff
            local.get $features
            i32.ge_u
            br_if 1 (;@3;)
            local.get $counts
            local.get $ff
            i32.const 2
            i32.shl
            i32.add
            local.tee $c
            i32.load
            local.get $c
            local.get $pos
            i32.store
            i32.const 3
            i32.shl
            local.get $pos
            i32.add
            local.set $pos
            local.get $ff
            i32.const 1
            i32.add
            local.set $ff
            br 0 (;@4;)
          end
        end
        i32.const 0
        local.set $i
        block  ;; label = @3
          loop  ;; label = @4
            local.get $i
            local.get $bn
            i32.ge_u
            br_if 1 (;@3;)
            local.get $rows
            local.get $i0
            local.get $i
            i32.add
            i32.const 3
            i32.shl
            i32.add
            local.tee $c
            i32.load
            local.set $j
            local.get $c
            i32.load offset=4
            local.set $end
            block  ;; label = @5
              loop  ;; label = @6
                local.get $j
                local.get $end
                i32.ge_u
                br_if 1 (;@5;)
                local.get $j
                i32.load
                local.set $ent
                local.get $counts
                local.get $ent
                i32.const 8
                i32.shr_u
                i32.const 2
                i32.shl
                i32.add
                local.set $c
                local.get $c
                i32.load
                local.tee $pos
                local.get $i
                i32.const 160
                i32.mul
                i32.store
                local.get $pos
                local.get $ent
                i32.const 255
                i32.and
                i32.const 2
                i32.shl
                i32.load
                i32.store offset=4
                local.get $c
                local.get $pos
                i32.const 8
                i32.add
                i32.store
                local.get $j
                i32.const 4
                i32.add
                local.set $j
                br 0 (;@6;)
              end
            end
            local.get $i
            i32.const 1
            i32.add
            local.set $i
            br 0 (;@4;)
          end
        end
        i32.const 0
        local.set $m
        block  ;; label = @3
          loop  ;; label = @4
            local.get $m
            i32.const 4
            i32.add
            local.get $K
            i32.gt_u
            br_if 1 (;@3;)
            local.get $g
            local.get $m
            local.get $n
            i32.mul
            local.get $i0
            i32.add
            i32.const 40
            i32.mul
            i32.add
            local.set $at
            i32.const 0
            local.set $i
            block  ;; label = @5
              loop  ;; label = @6
                local.get $i
                local.get $bn
                i32.ge_u
                br_if 1 (;@5;)
                local.get $at
                local.get $i
                i32.const 40
                i32.mul
                i32.add
                local.set $r
                local.get $pack
                local.get $i
                i32.const 160
                i32.mul
                i32.add
                local.set $rb
                local.get $rb
                local.get $r
                v128.load align=1
                v128.store align=1
                local.get $rb
                local.get $r
                v128.load offset=16 align=1
                v128.store offset=16 align=1
                local.get $rb
                local.get $r
                local.get $nrow
                i32.const 1
                i32.mul
                i32.add
                v128.load align=1
                v128.store offset=32 align=1
                local.get $rb
                local.get $r
                local.get $nrow
                i32.const 1
                i32.mul
                i32.add
                v128.load offset=16 align=1
                v128.store offset=48 align=1
                local.get $rb
                local.get $r
                local.get $nrow
                i32.const 2
                i32.mul
                i32.add
                v128.load align=1
                v128.store offset=64 align=1
                local.get $rb
                local.get $r
                local.get $nrow
                i32.const 2
                i32.mul
                i32.add
                v128.load offset=16 align=1
                v128.store offset=80 align=1
                local.get $rb
                local.get $r
                local.get $nrow
                i32.const 3
                i32.mul
                i32.add
                v128.load align=1
                v128.store offset=96 align=1
                local.get $rb
                local.get $r
                local.get $nrow
                i32.const 3
                i32.mul
                i32.add
                v128.load offset=16 align=1
                v128.store offset=112 align=1
                local.get $rb
                local.get $r
                local.get $nrow
                i32.const 1
                i32.mul
                i32.add
                local.get $r
                v128.load64_zero offset=32 align=1
                v128.load64_lane offset=32 align=1 1
                v128.store offset=128 align=1
                local.get $rb
                local.get $r
                local.get $nrow
                i32.const 3
                i32.mul
                i32.add
                local.get $r
                local.get $nrow
                i32.const 2
                i32.mul
                i32.add
                v128.load64_zero offset=32 align=1
                v128.load64_lane offset=32 align=1 1
                v128.store offset=144 align=1
                local.get $i
                i32.const 1
                i32.add
                local.set $i
                br 0 (;@6;)
              end
            end
            local.get $gw
            local.get $m
            local.get $gwStride
            i32.mul
            i32.add
            local.set $base
            local.get $scratch
            local.set $prev
            i32.const 0
            local.set $ff
            block  ;; label = @5
              loop  ;; label = @6
                local.get $ff
                local.get $features
                i32.ge_u
                br_if 1 (;@5;)
                local.get $counts
                local.get $ff
                i32.const 2
                i32.shl
                i32.add
                i32.load
                local.set $send
                block  ;; label = @7
                  local.get $prev
                  local.get $send
                  i32.ge_u
                  br_if 0 (;@7;)
                  local.get $base
                  local.get $ff
                  i32.const 40
                  i32.mul
                  i32.add
                  local.set $a0
                  local.get $a0
                  local.get $gwStride
                  i32.add
                  local.set $a1
                  local.get $a1
                  local.get $gwStride
                  i32.add
                  local.set $a2
                  local.get $a2
                  local.get $gwStride
                  i32.add
                  local.set $a3
                  local.get $a0
                  v128.load align=1
                  local.set $acc0
                  local.get $a0
                  v128.load offset=16 align=1
                  local.set $acc1
                  local.get $a1
                  local.get $a0
                  v128.load64_zero offset=32 align=1
                  v128.load64_lane offset=32 align=1 1
                  local.set $acc8
                  local.get $a1
                  v128.load align=1
                  local.set $acc2
                  local.get $a1
                  v128.load offset=16 align=1
                  local.set $acc3
                  local.get $a2
                  v128.load align=1
                  local.set $acc4
                  local.get $a2
                  v128.load offset=16 align=1
                  local.set $acc5
                  local.get $a3
                  local.get $a2
                  v128.load64_zero offset=32 align=1
                  v128.load64_lane offset=32 align=1 1
                  local.set $acc9
                  local.get $a3
                  v128.load align=1
                  local.set $acc6
                  local.get $a3
                  v128.load offset=16 align=1
                  local.set $acc7
                  local.get $prev
                  local.set $s
                  block  ;; label = @8
                    loop  ;; label = @9
                      local.get $s
                      i32.const 16
                      i32.add
                      local.get $send
                      i32.gt_u
                      br_if 1 (;@8;)
                      local.get $s
                      i32.load
                      local.get $pack
                      i32.add
                      local.set $r
                      local.get $s
                      v128.load32_splat offset=4 align=1
                      local.set $xs
                      local.get $acc0
                      local.get $xs
                      local.get $r
                      v128.load align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc0
                      local.get $acc1
                      local.get $xs
                      local.get $r
                      v128.load offset=16 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc1
                      local.get $acc2
                      local.get $xs
                      local.get $r
                      v128.load offset=32 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc2
                      local.get $acc3
                      local.get $xs
                      local.get $r
                      v128.load offset=48 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc3
                      local.get $acc4
                      local.get $xs
                      local.get $r
                      v128.load offset=64 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc4
                      local.get $acc5
                      local.get $xs
                      local.get $r
                      v128.load offset=80 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc5
                      local.get $acc6
                      local.get $xs
                      local.get $r
                      v128.load offset=96 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc6
                      local.get $acc7
                      local.get $xs
                      local.get $r
                      v128.load offset=112 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc7
                      local.get $acc8
                      local.get $xs
                      local.get $r
                      v128.load offset=128 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc8
                      local.get $acc9
                      local.get $xs
                      local.get $r
                      v128.load offset=144 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc9
                      local.get $s
                      i32.load offset=8
                      local.get $pack
                      i32.add
                      local.set $r
                      local.get $s
                      v128.load32_splat offset=12 align=1
                      local.set $xs
                      local.get $acc0
                      local.get $xs
                      local.get $r
                      v128.load align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc0
                      local.get $acc1
                      local.get $xs
                      local.get $r
                      v128.load offset=16 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc1
                      local.get $acc2
                      local.get $xs
                      local.get $r
                      v128.load offset=32 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc2
                      local.get $acc3
                      local.get $xs
                      local.get $r
                      v128.load offset=48 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc3
                      local.get $acc4
                      local.get $xs
                      local.get $r
                      v128.load offset=64 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc4
                      local.get $acc5
                      local.get $xs
                      local.get $r
                      v128.load offset=80 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc5
                      local.get $acc6
                      local.get $xs
                      local.get $r
                      v128.load offset=96 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc6
                      local.get $acc7
                      local.get $xs
                      local.get $r
                      v128.load offset=112 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc7
                      local.get $acc8
                      local.get $xs
                      local.get $r
                      v128.load offset=128 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc8
                      local.get $acc9
                      local.get $xs
                      local.get $r
                      v128.load offset=144 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc9
                      local.get $s
                      i32.const 16
                      i32.add
                      local.set $s
                      br 0 (;@9;)
                    end
                  end
                  block  ;; label = @8
                    local.get $s
                    local.get $send
                    i32.ge_u
                    br_if 0 (;@8;)
                    local.get $s
                    i32.load
                    local.get $pack
                    i32.add
                    local.set $r
                    local.get $s
                    v128.load32_splat offset=4 align=1
                    local.set $xs
                    local.get $acc0
                    local.get $xs
                    local.get $r
                    v128.load align=1
                    f32x4.mul
                    f32x4.add
                    local.set $acc0
                    local.get $acc1
                    local.get $xs
                    local.get $r
                    v128.load offset=16 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $acc1
                    local.get $acc2
                    local.get $xs
                    local.get $r
                    v128.load offset=32 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $acc2
                    local.get $acc3
                    local.get $xs
                    local.get $r
                    v128.load offset=48 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $acc3
                    local.get $acc4
                    local.get $xs
                    local.get $r
                    v128.load offset=64 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $acc4
                    local.get $acc5
                    local.get $xs
                    local.get $r
                    v128.load offset=80 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $acc5
                    local.get $acc6
                    local.get $xs
                    local.get $r
                    v128.load offset=96 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $acc6
                    local.get $acc7
                    local.get $xs
                    local.get $r
                    v128.load offset=112 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $acc7
                    local.get $acc8
                    local.get $xs
                    local.get $r
                    v128.load offset=128 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $acc8
                    local.get $acc9
                    local.get $xs
                    local.get $r
                    v128.load offset=144 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $acc9
                  end
                  local.get $a0
                  local.get $acc0
                  v128.store align=1
                  local.get $a0
                  local.get $acc1
                  v128.store offset=16 align=1
                  local.get $a0
                  local.get $acc8
                  v128.store64_lane offset=32 align=1 0
                  local.get $a1
                  local.get $acc2
                  v128.store align=1
                  local.get $a1
                  local.get $acc3
                  v128.store offset=16 align=1
                  local.get $a1
                  local.get $acc8
                  v128.store64_lane offset=32 align=1 1
                  local.get $a2
                  local.get $acc4
                  v128.store align=1
                  local.get $a2
                  local.get $acc5
                  v128.store offset=16 align=1
                  local.get $a2
                  local.get $acc9
                  v128.store64_lane offset=32 align=1 0
                  local.get $a3
                  local.get $acc6
                  v128.store align=1
                  local.get $a3
                  local.get $acc7
                  v128.store offset=16 align=1
                  local.get $a3
                  local.get $acc9
                  v128.store64_lane offset=32 align=1 1
                end
                local.get $send
                local.set $prev
                local.get $ff
                i32.const 1
                i32.add
                local.set $ff
                br 0 (;@6;)
              end
            end
            local.get $m
            i32.const 4
            i32.add
            local.set $m
            br 0 (;@4;)
          end
        end
        block  ;; label = @3
          loop  ;; label = @4
            local.get $m
            i32.const 2
            i32.add
            local.get $K
            i32.gt_u
            br_if 1 (;@3;)
            local.get $g
            local.get $m
            local.get $n
            i32.mul
            local.get $i0
            i32.add
            i32.const 40
            i32.mul
            i32.add
            local.set $at
            i32.const 0
            local.set $i
            block  ;; label = @5
              loop  ;; label = @6
                local.get $i
                local.get $bn
                i32.ge_u
                br_if 1 (;@5;)
                local.get $at
                local.get $i
                i32.const 40
                i32.mul
                i32.add
                local.set $r
                local.get $pack
                local.get $i
                i32.const 160
                i32.mul
                i32.add
                local.set $rb
                local.get $rb
                local.get $r
                v128.load align=1
                v128.store align=1
                local.get $rb
                local.get $r
                v128.load offset=16 align=1
                v128.store offset=16 align=1
                local.get $rb
                local.get $r
                local.get $nrow
                i32.const 1
                i32.mul
                i32.add
                v128.load align=1
                v128.store offset=32 align=1
                local.get $rb
                local.get $r
                local.get $nrow
                i32.const 1
                i32.mul
                i32.add
                v128.load offset=16 align=1
                v128.store offset=48 align=1
                local.get $rb
                local.get $r
                local.get $nrow
                i32.const 1
                i32.mul
                i32.add
                local.get $r
                v128.load64_zero offset=32 align=1
                v128.load64_lane offset=32 align=1 1
                v128.store offset=64 align=1
                local.get $i
                i32.const 1
                i32.add
                local.set $i
                br 0 (;@6;)
              end
            end
            local.get $gw
            local.get $m
            local.get $gwStride
            i32.mul
            i32.add
            local.set $base
            local.get $scratch
            local.set $prev
            i32.const 0
            local.set $ff
            block  ;; label = @5
              loop  ;; label = @6
                local.get $ff
                local.get $features
                i32.ge_u
                br_if 1 (;@5;)
                local.get $counts
                local.get $ff
                i32.const 2
                i32.shl
                i32.add
                i32.load
                local.set $send
                block  ;; label = @7
                  local.get $prev
                  local.get $send
                  i32.ge_u
                  br_if 0 (;@7;)
                  local.get $base
                  local.get $ff
                  i32.const 40
                  i32.mul
                  i32.add
                  local.set $a0
                  local.get $a0
                  local.get $gwStride
                  i32.add
                  local.set $a1
                  local.get $a0
                  v128.load align=1
                  local.set $acc0
                  local.get $a0
                  v128.load offset=16 align=1
                  local.set $acc1
                  local.get $a1
                  local.get $a0
                  v128.load64_zero offset=32 align=1
                  v128.load64_lane offset=32 align=1 1
                  local.set $acc4
                  local.get $a1
                  v128.load align=1
                  local.set $acc2
                  local.get $a1
                  v128.load offset=16 align=1
                  local.set $acc3
                  local.get $prev
                  local.set $s
                  block  ;; label = @8
                    loop  ;; label = @9
                      local.get $s
                      i32.const 16
                      i32.add
                      local.get $send
                      i32.gt_u
                      br_if 1 (;@8;)
                      local.get $s
                      i32.load
                      local.get $pack
                      i32.add
                      local.set $r
                      local.get $s
                      v128.load32_splat offset=4 align=1
                      local.set $xs
                      local.get $acc0
                      local.get $xs
                      local.get $r
                      v128.load align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc0
                      local.get $acc1
                      local.get $xs
                      local.get $r
                      v128.load offset=16 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc1
                      local.get $acc2
                      local.get $xs
                      local.get $r
                      v128.load offset=32 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc2
                      local.get $acc3
                      local.get $xs
                      local.get $r
                      v128.load offset=48 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc3
                      local.get $acc4
                      local.get $xs
                      local.get $r
                      v128.load offset=64 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc4
                      local.get $s
                      i32.load offset=8
                      local.get $pack
                      i32.add
                      local.set $r
                      local.get $s
                      v128.load32_splat offset=12 align=1
                      local.set $xs
                      local.get $acc0
                      local.get $xs
                      local.get $r
                      v128.load align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc0
                      local.get $acc1
                      local.get $xs
                      local.get $r
                      v128.load offset=16 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc1
                      local.get $acc2
                      local.get $xs
                      local.get $r
                      v128.load offset=32 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc2
                      local.get $acc3
                      local.get $xs
                      local.get $r
                      v128.load offset=48 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc3
                      local.get $acc4
                      local.get $xs
                      local.get $r
                      v128.load offset=64 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc4
                      local.get $s
                      i32.const 16
                      i32.add
                      local.set $s
                      br 0 (;@9;)
                    end
                  end
                  block  ;; label = @8
                    local.get $s
                    local.get $send
                    i32.ge_u
                    br_if 0 (;@8;)
                    local.get $s
                    i32.load
                    local.get $pack
                    i32.add
                    local.set $r
                    local.get $s
                    v128.load32_splat offset=4 align=1
                    local.set $xs
                    local.get $acc0
                    local.get $xs
                    local.get $r
                    v128.load align=1
                    f32x4.mul
                    f32x4.add
                    local.set $acc0
                    local.get $acc1
                    local.get $xs
                    local.get $r
                    v128.load offset=16 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $acc1
                    local.get $acc2
                    local.get $xs
                    local.get $r
                    v128.load offset=32 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $acc2
                    local.get $acc3
                    local.get $xs
                    local.get $r
                    v128.load offset=48 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $acc3
                    local.get $acc4
                    local.get $xs
                    local.get $r
                    v128.load offset=64 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $acc4
                  end
                  local.get $a0
                  local.get $acc0
                  v128.store align=1
                  local.get $a0
                  local.get $acc1
                  v128.store offset=16 align=1
                  local.get $a0
                  local.get $acc4
                  v128.store64_lane offset=32 align=1 0
                  local.get $a1
                  local.get $acc2
                  v128.store align=1
                  local.get $a1
                  local.get $acc3
                  v128.store offset=16 align=1
                  local.get $a1
                  local.get $acc4
                  v128.store64_lane offset=32 align=1 1
                end
                local.get $send
                local.set $prev
                local.get $ff
                i32.const 1
                i32.add
                local.set $ff
                br 0 (;@6;)
              end
            end
            local.get $m
            i32.const 2
            i32.add
            local.set $m
            br 0 (;@4;)
          end
        end
        block  ;; label = @3
          loop  ;; label = @4
            local.get $m
            i32.const 1
            i32.add
            local.get $K
            i32.gt_u
            br_if 1 (;@3;)
            local.get $g
            local.get $m
            local.get $n
            i32.mul
            local.get $i0
            i32.add
            i32.const 40
            i32.mul
            i32.add
            local.set $at
            i32.const 0
            local.set $i
            block  ;; label = @5
              loop  ;; label = @6
                local.get $i
                local.get $bn
                i32.ge_u
                br_if 1 (;@5;)
                local.get $at
                local.get $i
                i32.const 40
                i32.mul
                i32.add
                local.set $r
                local.get $pack
                local.get $i
                i32.const 160
                i32.mul
                i32.add
                local.set $rb
                local.get $rb
                local.get $r
                v128.load align=1
                v128.store align=1
                local.get $rb
                local.get $r
                v128.load offset=16 align=1
                v128.store offset=16 align=1
                local.get $rb
                local.get $r
                v128.load64_zero offset=32 align=1
                v128.store offset=32 align=1
                local.get $i
                i32.const 1
                i32.add
                local.set $i
                br 0 (;@6;)
              end
            end
            local.get $gw
            local.get $m
            local.get $gwStride
            i32.mul
            i32.add
            local.set $base
            local.get $scratch
            local.set $prev
            i32.const 0
            local.set $ff
            block  ;; label = @5
              loop  ;; label = @6
                local.get $ff
                local.get $features
                i32.ge_u
                br_if 1 (;@5;)
                local.get $counts
                local.get $ff
                i32.const 2
                i32.shl
                i32.add
                i32.load
                local.set $send
                block  ;; label = @7
                  local.get $prev
                  local.get $send
                  i32.ge_u
                  br_if 0 (;@7;)
                  local.get $base
                  local.get $ff
                  i32.const 40
                  i32.mul
                  i32.add
                  local.set $a0
                  local.get $a0
                  v128.load align=1
                  local.set $acc0
                  local.get $a0
                  v128.load offset=16 align=1
                  local.set $acc1
                  local.get $a0
                  v128.load64_zero offset=32 align=1
                  local.set $acc2
                  local.get $prev
                  local.set $s
                  block  ;; label = @8
                    loop  ;; label = @9
                      local.get $s
                      i32.const 16
                      i32.add
                      local.get $send
                      i32.gt_u
                      br_if 1 (;@8;)
                      local.get $s
                      i32.load
                      local.get $pack
                      i32.add
                      local.set $r
                      local.get $s
                      v128.load32_splat offset=4 align=1
                      local.set $xs
                      local.get $acc0
                      local.get $xs
                      local.get $r
                      v128.load align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc0
                      local.get $acc1
                      local.get $xs
                      local.get $r
                      v128.load offset=16 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc1
                      local.get $acc2
                      local.get $xs
                      local.get $r
                      v128.load offset=32 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc2
                      local.get $s
                      i32.load offset=8
                      local.get $pack
                      i32.add
                      local.set $r
                      local.get $s
                      v128.load32_splat offset=12 align=1
                      local.set $xs
                      local.get $acc0
                      local.get $xs
                      local.get $r
                      v128.load align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc0
                      local.get $acc1
                      local.get $xs
                      local.get $r
                      v128.load offset=16 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc1
                      local.get $acc2
                      local.get $xs
                      local.get $r
                      v128.load offset=32 align=1
                      f32x4.mul
                      f32x4.add
                      local.set $acc2
                      local.get $s
                      i32.const 16
                      i32.add
                      local.set $s
                      br 0 (;@9;)
                    end
                  end
                  block  ;; label = @8
                    local.get $s
                    local.get $send
                    i32.ge_u
                    br_if 0 (;@8;)
                    local.get $s
                    i32.load
                    local.get $pack
                    i32.add
                    local.set $r
                    local.get $s
                    v128.load32_splat offset=4 align=1
                    local.set $xs
                    local.get $acc0
                    local.get $xs
                    local.get $r
                    v128.load align=1
                    f32x4.mul
                    f32x4.add
                    local.set $acc0
                    local.get $acc1
                    local.get $xs
                    local.get $r
                    v128.load offset=16 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $acc1
                    local.get $acc2
                    local.get $xs
                    local.get $r
                    v128.load offset=32 align=1
                    f32x4.mul
                    f32x4.add
                    local.set $acc2
                  end
                  local.get $a0
                  local.get $acc0
                  v128.store align=1
                  local.get $a0
                  local.get $acc1
                  v128.store offset=16 align=1
                  local.get $a0
                  local.get $acc2
                  v128.store64_lane offset=32 align=1 0
                end
                local.get $send
                local.set $prev
                local.get $ff
                i32.const 1
                i32.add
                local.set $ff
                br 0 (;@6;)
              end
            end
            local.get $m
            i32.const 1
            i32.add
            local.set $m
            br 0 (;@4;)
          end
        end
        local.get $i0
        i32.const 128
        i32.add
        local.set $i0
        br 0 (;@2;)
      end
    end)
  (func $sgdK (type 5) (param $w i32) (param $g i32) (param $count i32) (param $K i32) (param $stride i32) (param $lrs i32)
    (local $m i32) (local $j i32) (local $p i32) (local $q i32) (local $lr f64) (local $lrv v128) (local $a v128) (local $b v128)
    i32.const 0
    local.set $m
    block  ;; label = @1
      loop  ;; label = @2
        local.get $m
        local.get $K
        i32.ge_u
        br_if 1 (;@1;)
        local.get $lrs
        local.get $m
        i32.const 3
        i32.shl
        i32.add
        f64.load
        local.tee $lr
        f64x2.splat
        local.set $lrv
        local.get $w
        local.get $m
        local.get $stride
        i32.mul
        i32.add
        local.set $p
        local.get $g
        local.get $m
        local.get $stride
        i32.mul
        i32.add
        local.set $q
        i32.const 0
        local.set $j
        block  ;; label = @3
          loop  ;; label = @4
            local.get $j
            i32.const 4
            i32.add
            local.get $count
            i32.gt_u
            br_if 1 (;@3;)
            local.get $p
            v128.load align=1
            local.set $a
            local.get $q
            v128.load align=1
            local.set $b
            local.get $p
            local.get $a
            f64x2.promote_low_f32x4
            local.get $lrv
            local.get $b
            f64x2.promote_low_f32x4
            f64x2.mul
            f64x2.sub
            f32x4.demote_f64x2_zero
            local.get $a
            local.get $a
            i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
            f64x2.promote_low_f32x4
            local.get $lrv
            local.get $b
            local.get $b
            i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
            f64x2.promote_low_f32x4
            f64x2.mul
            f64x2.sub
            f32x4.demote_f64x2_zero
            i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            v128.store align=1
            local.get $p
            i32.const 16
            i32.add
            local.set $p
            local.get $q
            i32.const 16
            i32.add
            local.set $q
            local.get $j
            i32.const 4
            i32.add
            local.set $j
            br 0 (;@4;)
          end
        end
        block  ;; label = @3
          loop  ;; label = @4
            local.get $j
            local.get $count
            i32.ge_u
            br_if 1 (;@3;)
            local.get $p
            local.get $p
            f32.load
            f64.promote_f32
            local.get $lr
            local.get $q
            f32.load
            f64.promote_f32
            f64.mul
            f64.sub
            f32.demote_f64
            f32.store
            local.get $p
            i32.const 4
            i32.add
            local.set $p
            local.get $q
            i32.const 4
            i32.add
            local.set $q
            local.get $j
            i32.const 1
            i32.add
            local.set $j
            br 0 (;@4;)
          end
        end
        local.get $m
        i32.const 1
        i32.add
        local.set $m
        br 0 (;@2;)
      end
    end)
  (func $biasK (type 0) (param $out i32) (param $n i32) (param $K i32) (param $b i32)
    (local $m i32) (local $i i32) (local $p i32) (local $v0 v128) (local $v1 v128) (local $v2 v128)
    i32.const 0
    local.set $m
    block  ;; label = @1
      loop  ;; label = @2
        local.get $m
        local.get $K
        i32.ge_u
        br_if 1 (;@1;)
        local.get $b
        local.get $m
        i32.const 40
        i32.mul
        i32.add
        local.tee $p
        v128.load align=1
        local.set $v0
        local.get $p
        v128.load offset=16 align=1
        local.set $v1
        local.get $p
        v128.load64_zero offset=32 align=1
        local.set $v2
        local.get $out
        local.get $m
        local.get $n
        i32.mul
        i32.const 40
        i32.mul
        i32.add
        local.set $p
        i32.const 0
        local.set $i
        block  ;; label = @3
          loop  ;; label = @4
            local.get $i
            local.get $n
            i32.ge_u
            br_if 1 (;@3;)
            local.get $p
            local.get $p
            v128.load align=1
            local.get $v0
            f32x4.add
            v128.store align=1
            local.get $p
            local.get $p
            v128.load offset=16 align=1
            local.get $v1
            f32x4.add
            v128.store offset=16 align=1
            local.get $p
            local.get $p
            v128.load64_zero offset=32 align=1
            local.get $v2
            f32x4.add
            v128.store64_lane offset=32 align=1 0
            local.get $p
            i32.const 40
            i32.add
            local.set $p
            local.get $i
            i32.const 1
            i32.add
            local.set $i
            br 0 (;@4;)
          end
        end
        local.get $m
        i32.const 1
        i32.add
        local.set $m
        br 0 (;@2;)
      end
    end)
  (func $gbK (type 0) (param $g i32) (param $n i32) (param $K i32) (param $gb i32)
    (local $m i32) (local $i i32) (local $p i32) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $s4 v128)
    i32.const 0
    local.set $m
    block  ;; label = @1
      loop  ;; label = @2
        local.get $m
        local.get $K
        i32.ge_u
        br_if 1 (;@1;)
        v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
        local.tee $s0
        local.tee $s1
        local.tee $s2
        local.tee $s3
        local.set $s4
        local.get $g
        local.get $m
        local.get $n
        i32.mul
        i32.const 40
        i32.mul
        i32.add
        local.set $p
        i32.const 0
        local.set $i
        block  ;; label = @3
          loop  ;; label = @4
            local.get $i
            local.get $n
            i32.ge_u
            br_if 1 (;@3;)
            local.get $s0
            local.get $p
            v128.load64_zero align=1
            f64x2.promote_low_f32x4
            f64x2.add
            local.set $s0
            local.get $s1
            local.get $p
            v128.load64_zero offset=8 align=1
            f64x2.promote_low_f32x4
            f64x2.add
            local.set $s1
            local.get $s2
            local.get $p
            v128.load64_zero offset=16 align=1
            f64x2.promote_low_f32x4
            f64x2.add
            local.set $s2
            local.get $s3
            local.get $p
            v128.load64_zero offset=24 align=1
            f64x2.promote_low_f32x4
            f64x2.add
            local.set $s3
            local.get $s4
            local.get $p
            v128.load64_zero offset=32 align=1
            f64x2.promote_low_f32x4
            f64x2.add
            local.set $s4
            local.get $p
            i32.const 40
            i32.add
            local.set $p
            local.get $i
            i32.const 1
            i32.add
            local.set $i
            br 0 (;@4;)
          end
        end
        local.get $gb
        local.get $m
        i32.const 40
        i32.mul
        i32.add
        local.get $s0
        f32x4.demote_f64x2_zero
        v128.store64_lane align=1 0
        local.get $gb
        local.get $m
        i32.const 40
        i32.mul
        i32.add
        local.get $s1
        f32x4.demote_f64x2_zero
        v128.store64_lane offset=8 align=1 0
        local.get $gb
        local.get $m
        i32.const 40
        i32.mul
        i32.add
        local.get $s2
        f32x4.demote_f64x2_zero
        v128.store64_lane offset=16 align=1 0
        local.get $gb
        local.get $m
        i32.const 40
        i32.mul
        i32.add
        local.get $s3
        f32x4.demote_f64x2_zero
        v128.store64_lane offset=24 align=1 0
        local.get $gb
        local.get $m
        i32.const 40
        i32.mul
        i32.add
        local.get $s4
        f32x4.demote_f64x2_zero
        v128.store64_lane offset=32 align=1 0
        local.get $m
        i32.const 1
        i32.add
        local.set $m
        br 0 (;@2;)
      end
    end)
  (export "memory" (memory 0))
  (export "forward10" (func $forward10))
  (export "backward10" (func $backward10))
  (export "index16" (func $index16))
  (export "loss10" (func $loss10))
  (export "exp64" (func $exp64))
  (export "forwardK" (func $forwardK))
  (export "backwardK" (func $backwardK))
  (export "sgdK" (func $sgdK))
  (export "biasK" (func $biasK))
  (export "gbK" (func $gbK)))
