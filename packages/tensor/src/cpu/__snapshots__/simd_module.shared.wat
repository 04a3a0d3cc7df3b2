(module
  (type (;0;) (func (param i32 i32 i32 i32)))
  (type (;1;) (func (param i32 i32 i32 i32 i32 i32 i32 i32 f64)))
  (type (;2;) (func (param i32 i32 i32)))
  (import "env" "memory" (memory (;0;) 1 32768 shared))
  (func (;0;) (type 0) (param i32 i32 i32 i32)
    (local i32 i32 i32 i32 i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128)
    i32.const 0
    local.set 4
    block  ;; label = @1
      loop  ;; label = @2
        local.get 4
        local.get 1
        i32.ge_u
        br_if 1 (;@1;)
        local.get 0
        local.get 4
        i32.const 3
        i32.shl
        i32.add
        local.tee 9
        i32.load
        local.set 5
        local.get 9
        i32.load offset=4
        local.set 6
        v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
        local.tee 11
        local.tee 12
        local.tee 13
        local.tee 15
        local.tee 16
        local.set 17
        block  ;; label = @3
          loop  ;; label = @4
            local.get 5
            i32.const 8
            i32.add
            local.get 6
            i32.gt_u
            br_if 1 (;@3;)
            local.get 5
            i32.load
            local.tee 7
            i32.const 255
            i32.and
            i32.const 2
            i32.shl
            v128.load32_splat align=1
            local.set 14
            local.get 7
            i32.const 8
            i32.shr_u
            i32.const 40
            i32.mul
            local.get 2
            i32.add
            local.set 8
            local.get 5
            i32.load offset=4
            local.tee 7
            i32.const 255
            i32.and
            i32.const 2
            i32.shl
            v128.load32_splat align=1
            local.set 18
            local.get 7
            i32.const 8
            i32.shr_u
            i32.const 40
            i32.mul
            local.get 2
            i32.add
            local.set 10
            local.get 11
            local.get 14
            local.get 8
            v128.load align=1
            f32x4.mul
            f32x4.add
            local.set 11
            local.get 12
            local.get 14
            local.get 8
            v128.load offset=16 align=1
            f32x4.mul
            f32x4.add
            local.set 12
            local.get 13
            local.get 14
            local.get 8
            v128.load64_zero offset=32 align=1
            f32x4.mul
            f32x4.add
            local.set 13
            local.get 15
            local.get 18
            local.get 10
            v128.load align=1
            f32x4.mul
            f32x4.add
            local.set 15
            local.get 16
            local.get 18
            local.get 10
            v128.load offset=16 align=1
            f32x4.mul
            f32x4.add
            local.set 16
            local.get 17
            local.get 18
            local.get 10
            v128.load64_zero offset=32 align=1
            f32x4.mul
            f32x4.add
            local.set 17
            local.get 5
            i32.const 8
            i32.add
            local.set 5
            br 0 (;@4;)
          end
        end
        block  ;; label = @3
          local.get 5
          local.get 6
          i32.ge_u
          br_if 0 (;@3;)
          local.get 5
          i32.load
          local.tee 7
          i32.const 255
          i32.and
          i32.const 2
          i32.shl
          v128.load32_splat align=1
          local.set 14
          local.get 7
          i32.const 8
          i32.shr_u
          i32.const 40
          i32.mul
          local.get 2
          i32.add
          local.set 8
          local.get 11
          local.get 14
          local.get 8
          v128.load align=1
          f32x4.mul
          f32x4.add
          local.set 11
          local.get 12
          local.get 14
          local.get 8
          v128.load offset=16 align=1
          f32x4.mul
          f32x4.add
          local.set 12
          local.get 13
          local.get 14
          local.get 8
          v128.load64_zero offset=32 align=1
          f32x4.mul
          f32x4.add
          local.set 13
        end
        local.get 3
        local.get 4
        i32.const 40
        i32.mul
        i32.add
        local.tee 9
        local.get 11
        local.get 15
        f32x4.add
        v128.store align=1
        local.get 9
        local.get 12
        local.get 16
        f32x4.add
        v128.store offset=16 align=1
        local.get 9
        local.get 13
        local.get 17
        f32x4.add
        v128.store64_lane offset=32 align=1 0
        local.get 4
        i32.const 1
        i32.add
        local.set 4
        br 0 (;@2;)
      end
    end)
  (func (;1;) (type 0) (param i32 i32 i32 i32)
    (local i32 i32 i32 i32 i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128)
    i32.const 0
    local.set 4
    block  ;; label = @1
      loop  ;; label = @2
        local.get 4
        local.get 1
        i32.ge_u
        br_if 1 (;@1;)
        local.get 0
        local.get 4
        i32.const 3
        i32.shl
        i32.add
        local.tee 9
        i32.load
        local.set 5
        local.get 9
        i32.load offset=4
        local.set 6
        local.get 2
        local.get 4
        i32.const 40
        i32.mul
        i32.add
        local.tee 9
        v128.load align=1
        local.set 11
        local.get 9
        v128.load offset=16 align=1
        local.set 12
        local.get 9
        v128.load64_zero offset=32 align=1
        local.set 13
        block  ;; label = @3
          loop  ;; label = @4
            local.get 5
            local.get 6
            i32.ge_u
            br_if 1 (;@3;)
            local.get 5
            i32.load
            local.tee 7
            i32.const 255
            i32.and
            i32.const 2
            i32.shl
            v128.load32_splat align=1
            local.set 14
            local.get 7
            i32.const 8
            i32.shr_u
            i32.const 40
            i32.mul
            local.get 3
            i32.add
            local.set 8
            local.get 8
            local.get 8
            v128.load align=1
            local.get 14
            local.get 11
            f32x4.mul
            f32x4.add
            v128.store align=1
            local.get 8
            local.get 8
            v128.load offset=16 align=1
            local.get 14
            local.get 12
            f32x4.mul
            f32x4.add
            v128.store offset=16 align=1
            local.get 8
            local.get 8
            v128.load64_zero offset=32 align=1
            local.get 14
            local.get 13
            f32x4.mul
            f32x4.add
            v128.store64_lane offset=32 align=1 0
            local.get 5
            i32.const 4
            i32.add
            local.set 5
            br 0 (;@4;)
          end
        end
        local.get 4
        i32.const 1
        i32.add
        local.set 4
        br 0 (;@2;)
      end
    end)
  (func (;2;) (type 0) (param i32 i32 i32 i32)
    (local i32 i32 i32 i32 i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128)
    local.get 0
    local.set 9
    i32.const 0
    local.set 4
    block  ;; label = @1
      loop  ;; label = @2
        local.get 4
        local.get 1
        i32.ge_u
        br_if 1 (;@1;)
        i32.const 0
        local.set 7
        i32.const 0
        local.set 5
        block  ;; label = @3
          loop  ;; label = @4
            local.get 5
            local.get 2
            i32.ge_u
            br_if 1 (;@3;)
            local.get 7
            local.get 9
            v128.load align=1
            v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
            i8x16.eq
            i8x16.bitmask
            i32.const 65535
            i32.xor
            i32.popcnt
            i32.add
            local.set 7
            local.get 9
            i32.const 16
            i32.add
            local.set 9
            local.get 5
            i32.const 1
            i32.add
            local.set 5
            br 0 (;@4;)
          end
        end
        local.get 3
        local.get 4
        i32.const 2
        i32.shl
        i32.add
        local.get 7
        i32.store
        local.get 4
        i32.const 1
        i32.add
        local.set 4
        br 0 (;@2;)
      end
    end)
  (func (;3;) (type 0) (param i32 i32 i32 i32)
    (local i32 i32 i32 i32 i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128)
    local.get 0
    local.set 9
    i32.const 0
    local.set 4
    block  ;; label = @1
      loop  ;; label = @2
        local.get 4
        local.get 1
        i32.ge_u
        br_if 1 (;@1;)
        i32.const 0
        local.set 5
        block  ;; label = @3
          loop  ;; label = @4
            local.get 5
            local.get 2
            i32.ge_u
            br_if 1 (;@3;)
            block  ;; label = @5
              local.get 9
              v128.load align=1
              local.tee 11
              v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
              i8x16.eq
              i8x16.bitmask
              i32.const 65535
              i32.xor
              local.tee 8
              i32.eqz
              br_if 0 (;@5;)
              local.get 8
              i32.const 255
              i32.and
              local.set 7
              local.get 7
              i32.const 3
              i32.shl
              v128.load64_zero offset=1024 align=1
              local.set 12
              local.get 11
              local.get 12
              i8x16.swizzle
              local.get 12
              i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23
              local.set 13
              local.get 5
              i32.const 4
              i32.shl
              i32.const 0
              i32.add
              i32.const 8
              i32.shl
              i32x4.splat
              local.set 14
              local.get 3
              local.get 13
              i32x4.extend_low_i16x8_u
              local.get 14
              i32x4.add
              v128.store align=1
              local.get 3
              local.get 13
              i32x4.extend_high_i16x8_u
              local.get 14
              i32x4.add
              v128.store offset=16 align=1
              local.get 3
              local.get 7
              i32.popcnt
              i32.const 2
              i32.shl
              i32.add
              local.set 3
              local.get 8
              i32.const 8
              i32.shr_u
              local.set 7
              local.get 7
              i32.const 3
              i32.shl
              v128.load64_zero offset=1024 align=1
              local.set 12
              local.get 11
              local.get 12
              i32.const 8
              i8x16.splat
              i8x16.add
              i8x16.swizzle
              local.get 12
              i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23
              local.set 13
              local.get 5
              i32.const 4
              i32.shl
              i32.const 8
              i32.add
              i32.const 8
              i32.shl
              i32x4.splat
              local.set 14
              local.get 3
              local.get 13
              i32x4.extend_low_i16x8_u
              local.get 14
              i32x4.add
              v128.store align=1
              local.get 3
              local.get 13
              i32x4.extend_high_i16x8_u
              local.get 14
              i32x4.add
              v128.store offset=16 align=1
              local.get 3
              local.get 7
              i32.popcnt
              i32.const 2
              i32.shl
              i32.add
              local.set 3
            end
            local.get 9
            i32.const 16
            i32.add
            local.set 9
            local.get 5
            i32.const 1
            i32.add
            local.set 5
            br 0 (;@4;)
          end
        end
        local.get 4
        i32.const 1
        i32.add
        local.set 4
        br 0 (;@2;)
      end
    end)
  (func (;4;) (type 1) (param i32 i32 i32 i32 i32 i32 i32 i32 f64)
    (local i32 i32 i32 i32 i32 i32 f32 f32 f64 f64 f64 f64 f64 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    v128.const i32x4 0x00000000 0xc0862000 0x00000000 0xc0862000
    local.set 35
    v128.const i32x4 0x652b82fe 0x3ff71547 0x652b82fe 0x3ff71547
    local.set 36
    v128.const i32x4 0x00000000 0x43380000 0x00000000 0x43380000
    local.set 37
    v128.const i32x4 0xfee00000 0x3fe62e42 0xfee00000 0x3fe62e42
    local.set 38
    v128.const i32x4 0x35793c76 0x3dea39ef 0x35793c76 0x3dea39ef
    local.set 39
    v128.const i32x4 0x00000000 0x3ff00000 0x00000000 0x3ff00000
    local.set 40
    v128.const i32x4 0x00000000 0x3fe00000 0x00000000 0x3fe00000
    local.set 41
    v128.const i32x4 0x55555555 0x3fc55555 0x55555555 0x3fc55555
    local.set 42
    v128.const i32x4 0x55555555 0x3fa55555 0x55555555 0x3fa55555
    local.set 43
    v128.const i32x4 0x11111111 0x3f811111 0x11111111 0x3f811111
    local.set 44
    v128.const i32x4 0x16c16c17 0x3f56c16c 0x16c16c17 0x3f56c16c
    local.set 45
    v128.const i32x4 0x1a01a01a 0x3f2a01a0 0x1a01a01a 0x3f2a01a0
    local.set 46
    v128.const i32x4 0x1a01a01a 0x3efa01a0 0x1a01a01a 0x3efa01a0
    local.set 47
    v128.const i32x4 0xa556c734 0x3ec71de3 0xa556c734 0x3ec71de3
    local.set 48
    v128.const i32x4 0xb7789f5c 0x3e927e4f 0xb7789f5c 0x3e927e4f
    local.set 49
    v128.const i32x4 0x67f544e4 0x3e5ae645 0x67f544e4 0x3e5ae645
    local.set 50
    v128.const i32x4 0xeff8d898 0x3e21eed8 0xeff8d898 0x3e21eed8
    local.set 51
    v128.const i32x4 0x13a86d09 0x3de61246 0x13a86d09 0x3de61246
    local.set 52
    i32.const 0
    local.set 9
    block  ;; label = @1
      loop  ;; label = @2
        local.get 9
        local.get 2
        i32.ge_u
        br_if 1 (;@1;)
        local.get 0
        local.get 9
        i32.const 40
        i32.mul
        i32.add
        local.tee 10
        f32.load
        local.set 15
        i32.const 0
        local.set 12
        i32.const 1
        local.get 12
        local.get 10
        f32.load offset=4
        local.tee 16
        local.get 15
        f32.gt
        local.tee 14
        select
        local.set 12
        local.get 16
        local.get 15
        local.get 14
        select
        local.set 15
        i32.const 2
        local.get 12
        local.get 10
        f32.load offset=8
        local.tee 16
        local.get 15
        f32.gt
        local.tee 14
        select
        local.set 12
        local.get 16
        local.get 15
        local.get 14
        select
        local.set 15
        i32.const 3
        local.get 12
        local.get 10
        f32.load offset=12
        local.tee 16
        local.get 15
        f32.gt
        local.tee 14
        select
        local.set 12
        local.get 16
        local.get 15
        local.get 14
        select
        local.set 15
        i32.const 4
        local.get 12
        local.get 10
        f32.load offset=16
        local.tee 16
        local.get 15
        f32.gt
        local.tee 14
        select
        local.set 12
        local.get 16
        local.get 15
        local.get 14
        select
        local.set 15
        i32.const 5
        local.get 12
        local.get 10
        f32.load offset=20
        local.tee 16
        local.get 15
        f32.gt
        local.tee 14
        select
        local.set 12
        local.get 16
        local.get 15
        local.get 14
        select
        local.set 15
        i32.const 6
        local.get 12
        local.get 10
        f32.load offset=24
        local.tee 16
        local.get 15
        f32.gt
        local.tee 14
        select
        local.set 12
        local.get 16
        local.get 15
        local.get 14
        select
        local.set 15
        i32.const 7
        local.get 12
        local.get 10
        f32.load offset=28
        local.tee 16
        local.get 15
        f32.gt
        local.tee 14
        select
        local.set 12
        local.get 16
        local.get 15
        local.get 14
        select
        local.set 15
        i32.const 8
        local.get 12
        local.get 10
        f32.load offset=32
        local.tee 16
        local.get 15
        f32.gt
        local.tee 14
        select
        local.set 12
        local.get 16
        local.get 15
        local.get 14
        select
        local.set 15
        i32.const 9
        local.get 12
        local.get 10
        f32.load offset=36
        local.tee 16
        local.get 15
        f32.gt
        local.tee 14
        select
        local.set 12
        local.get 16
        local.get 15
        local.get 14
        select
        local.set 15
        local.get 5
        local.get 9
        i32.const 2
        i32.shl
        i32.add
        local.get 12
        i32.store
        local.get 1
        local.get 9
        i32.const 2
        i32.shl
        i32.add
        i32.load
        local.set 11
        local.get 3
        local.get 9
        i32.const 40
        i32.mul
        i32.add
        local.set 13
        local.get 15
        f64.promote_f32
        f64x2.splat
        local.set 27
        local.get 10
        v128.load64_zero align=1
        f64x2.promote_low_f32x4
        local.get 27
        f64x2.sub
        local.set 22
        local.get 10
        v128.load64_zero offset=8 align=1
        f64x2.promote_low_f32x4
        local.get 27
        f64x2.sub
        local.set 23
        local.get 10
        v128.load64_zero offset=16 align=1
        f64x2.promote_low_f32x4
        local.get 27
        f64x2.sub
        local.set 24
        local.get 10
        v128.load64_zero offset=24 align=1
        f64x2.promote_low_f32x4
        local.get 27
        f64x2.sub
        local.set 25
        local.get 10
        v128.load64_zero offset=32 align=1
        f64x2.promote_low_f32x4
        local.get 27
        f64x2.sub
        local.set 26
        local.get 22
        local.get 35
        f64x2.lt
        local.set 32
        local.get 22
        local.get 35
        f64x2.pmax
        local.set 28
        local.get 28
        local.get 36
        f64x2.mul
        local.get 37
        f64x2.add
        local.tee 29
        local.get 37
        f64x2.sub
        local.set 30
        local.get 28
        local.get 30
        local.get 38
        f64x2.mul
        f64x2.sub
        local.get 30
        local.get 39
        f64x2.mul
        f64x2.sub
        local.set 31
        local.get 31
        local.get 31
        f64x2.mul
        local.tee 33
        local.get 33
        f64x2.mul
        local.set 34
        local.get 40
        local.get 31
        local.get 33
        local.get 41
        local.get 31
        local.get 42
        f64x2.mul
        f64x2.add
        local.get 43
        local.get 31
        local.get 44
        f64x2.mul
        f64x2.add
        local.get 33
        f64x2.mul
        f64x2.add
        local.get 45
        local.get 31
        local.get 46
        f64x2.mul
        f64x2.add
        local.get 47
        local.get 31
        local.get 48
        f64x2.mul
        f64x2.add
        local.get 33
        f64x2.mul
        f64x2.add
        local.get 34
        f64x2.mul
        f64x2.add
        local.get 49
        local.get 31
        local.get 50
        f64x2.mul
        f64x2.add
        local.get 51
        local.get 31
        local.get 52
        f64x2.mul
        f64x2.add
        local.get 33
        f64x2.mul
        f64x2.add
        local.get 34
        local.get 34
        f64x2.mul
        f64x2.mul
        f64x2.add
        f64x2.mul
        f64x2.add
        f64x2.add
        local.get 29
        i32.const 52
        i64x2.shl
        local.get 40
        i64x2.add
        f64x2.mul
        local.get 32
        v128.andnot
        local.set 22
        local.get 23
        local.get 35
        f64x2.lt
        local.set 32
        local.get 23
        local.get 35
        f64x2.pmax
        local.set 28
        local.get 28
        local.get 36
        f64x2.mul
        local.get 37
        f64x2.add
        local.tee 29
        local.get 37
        f64x2.sub
        local.set 30
        local.get 28
        local.get 30
        local.get 38
        f64x2.mul
        f64x2.sub
        local.get 30
        local.get 39
        f64x2.mul
        f64x2.sub
        local.set 31
        local.get 31
        local.get 31
        f64x2.mul
        local.tee 33
        local.get 33
        f64x2.mul
        local.set 34
        local.get 40
        local.get 31
        local.get 33
        local.get 41
        local.get 31
        local.get 42
        f64x2.mul
        f64x2.add
        local.get 43
        local.get 31
        local.get 44
        f64x2.mul
        f64x2.add
        local.get 33
        f64x2.mul
        f64x2.add
        local.get 45
        local.get 31
        local.get 46
        f64x2.mul
        f64x2.add
        local.get 47
        local.get 31
        local.get 48
        f64x2.mul
        f64x2.add
        local.get 33
        f64x2.mul
        f64x2.add
        local.get 34
        f64x2.mul
        f64x2.add
        local.get 49
        local.get 31
        local.get 50
        f64x2.mul
        f64x2.add
        local.get 51
        local.get 31
        local.get 52
        f64x2.mul
        f64x2.add
        local.get 33
        f64x2.mul
        f64x2.add
        local.get 34
        local.get 34
        f64x2.mul
        f64x2.mul
        f64x2.add
        f64x2.mul
        f64x2.add
        f64x2.add
        local.get 29
        i32.const 52
        i64x2.shl
        local.get 40
        i64x2.add
        f64x2.mul
        local.get 32
        v128.andnot
        local.set 23
        local.get 24
        local.get 35
        f64x2.lt
        local.set 32
        local.get 24
        local.get 35
        f64x2.pmax
        local.set 28
        local.get 28
        local.get 36
        f64x2.mul
        local.get 37
        f64x2.add
        local.tee 29
        local.get 37
        f64x2.sub
        local.set 30
        local.get 28
        local.get 30
        local.get 38
        f64x2.mul
        f64x2.sub
        local.get 30
        local.get 39
        f64x2.mul
        f64x2.sub
        local.set 31
        local.get 31
        local.get 31
        f64x2.mul
        local.tee 33
        local.get 33
        f64x2.mul
        local.set 34
        local.get 40
        local.get 31
        local.get 33
        local.get 41
        local.get 31
        local.get 42
        f64x2.mul
        f64x2.add
        local.get 43
        local.get 31
        local.get 44
        f64x2.mul
        f64x2.add
        local.get 33
        f64x2.mul
        f64x2.add
        local.get 45
        local.get 31
        local.get 46
        f64x2.mul
        f64x2.add
        local.get 47
        local.get 31
        local.get 48
        f64x2.mul
        f64x2.add
        local.get 33
        f64x2.mul
        f64x2.add
        local.get 34
        f64x2.mul
        f64x2.add
        local.get 49
        local.get 31
        local.get 50
        f64x2.mul
        f64x2.add
        local.get 51
        local.get 31
        local.get 52
        f64x2.mul
        f64x2.add
        local.get 33
        f64x2.mul
        f64x2.add
        local.get 34
        local.get 34
        f64x2.mul
        f64x2.mul
        f64x2.add
        f64x2.mul
        f64x2.add
        f64x2.add
        local.get 29
        i32.const 52
        i64x2.shl
        local.get 40
        i64x2.add
        f64x2.mul
        local.get 32
        v128.andnot
        local.set 24
        local.get 25
        local.get 35
        f64x2.lt
        local.set 32
        local.get 25
        local.get 35
        f64x2.pmax
        local.set 28
        local.get 28
        local.get 36
        f64x2.mul
        local.get 37
        f64x2.add
        local.tee 29
        local.get 37
        f64x2.sub
        local.set 30
        local.get 28
        local.get 30
        local.get 38
        f64x2.mul
        f64x2.sub
        local.get 30
        local.get 39
        f64x2.mul
        f64x2.sub
        local.set 31
        local.get 31
        local.get 31
        f64x2.mul
        local.tee 33
        local.get 33
        f64x2.mul
        local.set 34
        local.get 40
        local.get 31
        local.get 33
        local.get 41
        local.get 31
        local.get 42
        f64x2.mul
        f64x2.add
        local.get 43
        local.get 31
        local.get 44
        f64x2.mul
        f64x2.add
        local.get 33
        f64x2.mul
        f64x2.add
        local.get 45
        local.get 31
        local.get 46
        f64x2.mul
        f64x2.add
        local.get 47
        local.get 31
        local.get 48
        f64x2.mul
        f64x2.add
        local.get 33
        f64x2.mul
        f64x2.add
        local.get 34
        f64x2.mul
        f64x2.add
        local.get 49
        local.get 31
        local.get 50
        f64x2.mul
        f64x2.add
        local.get 51
        local.get 31
        local.get 52
        f64x2.mul
        f64x2.add
        local.get 33
        f64x2.mul
        f64x2.add
        local.get 34
        local.get 34
        f64x2.mul
        f64x2.mul
        f64x2.add
        f64x2.mul
        f64x2.add
        f64x2.add
        local.get 29
        i32.const 52
        i64x2.shl
        local.get 40
        i64x2.add
        f64x2.mul
        local.get 32
        v128.andnot
        local.set 25
        local.get 26
        local.get 35
        f64x2.lt
        local.set 32
        local.get 26
        local.get 35
        f64x2.pmax
        local.set 28
        local.get 28
        local.get 36
        f64x2.mul
        local.get 37
        f64x2.add
        local.tee 29
        local.get 37
        f64x2.sub
        local.set 30
        local.get 28
        local.get 30
        local.get 38
        f64x2.mul
        f64x2.sub
        local.get 30
        local.get 39
        f64x2.mul
        f64x2.sub
        local.set 31
        local.get 31
        local.get 31
        f64x2.mul
        local.tee 33
        local.get 33
        f64x2.mul
        local.set 34
        local.get 40
        local.get 31
        local.get 33
        local.get 41
        local.get 31
        local.get 42
        f64x2.mul
        f64x2.add
        local.get 43
        local.get 31
        local.get 44
        f64x2.mul
        f64x2.add
        local.get 33
        f64x2.mul
        f64x2.add
        local.get 45
        local.get 31
        local.get 46
        f64x2.mul
        f64x2.add
        local.get 47
        local.get 31
        local.get 48
        f64x2.mul
        f64x2.add
        local.get 33
        f64x2.mul
        f64x2.add
        local.get 34
        f64x2.mul
        f64x2.add
        local.get 49
        local.get 31
        local.get 50
        f64x2.mul
        f64x2.add
        local.get 51
        local.get 31
        local.get 52
        f64x2.mul
        f64x2.add
        local.get 33
        f64x2.mul
        f64x2.add
        local.get 34
        local.get 34
        f64x2.mul
        f64x2.mul
        f64x2.add
        f64x2.mul
        f64x2.add
        f64x2.add
        local.get 29
        i32.const 52
        i64x2.shl
        local.get 40
        i64x2.add
        f64x2.mul
        local.get 32
        v128.andnot
        local.set 26
        local.get 7
        local.get 22
        v128.store align=1
        local.get 7
        local.get 23
        v128.store offset=16 align=1
        local.get 7
        local.get 24
        v128.store offset=32 align=1
        local.get 7
        local.get 25
        v128.store offset=48 align=1
        local.get 7
        local.get 26
        v128.store offset=64 align=1
        local.get 7
        f64.load
        local.get 7
        f64.load offset=8
        f64.add
        local.get 7
        f64.load offset=16
        f64.add
        local.get 7
        f64.load offset=24
        f64.add
        local.get 7
        f64.load offset=32
        f64.add
        local.get 7
        f64.load offset=40
        f64.add
        local.get 7
        f64.load offset=48
        f64.add
        local.get 7
        f64.load offset=56
        f64.add
        local.get 7
        f64.load offset=64
        f64.add
        local.get 7
        f64.load offset=72
        f64.add
        local.set 17
        f64.const 0x1p+0 (;=1;)
        local.get 17
        f64.div
        f64x2.splat
        local.set 27
        local.get 7
        local.get 22
        local.get 27
        f64x2.mul
        local.tee 22
        v128.store align=1
        local.get 7
        local.get 23
        local.get 27
        f64x2.mul
        local.tee 23
        v128.store offset=16 align=1
        local.get 7
        local.get 24
        local.get 27
        f64x2.mul
        local.tee 24
        v128.store offset=32 align=1
        local.get 7
        local.get 25
        local.get 27
        f64x2.mul
        local.tee 25
        v128.store offset=48 align=1
        local.get 7
        local.get 26
        local.get 27
        f64x2.mul
        local.tee 26
        v128.store offset=64 align=1
        local.get 7
        local.get 11
        i32.const 3
        i32.shl
        i32.add
        f64.load
        local.set 19
        local.get 6
        if  ;; label = @3
          f64.const 0x0p+0 (;=0;)
          local.set 18
          local.get 18
          local.get 7
          f64.load
          local.get 7
          f64.load
          f64.mul
          f64.const 0x0p+0 (;=0;)
          local.get 11
          i32.const 0
          i32.ne
          select
          f64.add
          local.set 18
          local.get 18
          local.get 7
          f64.load offset=8
          local.get 7
          f64.load offset=8
          f64.mul
          f64.const 0x0p+0 (;=0;)
          local.get 11
          i32.const 1
          i32.ne
          select
          f64.add
          local.set 18
          local.get 18
          local.get 7
          f64.load offset=16
          local.get 7
          f64.load offset=16
          f64.mul
          f64.const 0x0p+0 (;=0;)
          local.get 11
          i32.const 2
          i32.ne
          select
          f64.add
          local.set 18
          local.get 18
          local.get 7
          f64.load offset=24
          local.get 7
          f64.load offset=24
          f64.mul
          f64.const 0x0p+0 (;=0;)
          local.get 11
          i32.const 3
          i32.ne
          select
          f64.add
          local.set 18
          local.get 18
          local.get 7
          f64.load offset=32
          local.get 7
          f64.load offset=32
          f64.mul
          f64.const 0x0p+0 (;=0;)
          local.get 11
          i32.const 4
          i32.ne
          select
          f64.add
          local.set 18
          local.get 18
          local.get 7
          f64.load offset=40
          local.get 7
          f64.load offset=40
          f64.mul
          f64.const 0x0p+0 (;=0;)
          local.get 11
          i32.const 5
          i32.ne
          select
          f64.add
          local.set 18
          local.get 18
          local.get 7
          f64.load offset=48
          local.get 7
          f64.load offset=48
          f64.mul
          f64.const 0x0p+0 (;=0;)
          local.get 11
          i32.const 6
          i32.ne
          select
          f64.add
          local.set 18
          local.get 18
          local.get 7
          f64.load offset=56
          local.get 7
          f64.load offset=56
          f64.mul
          f64.const 0x0p+0 (;=0;)
          local.get 11
          i32.const 7
          i32.ne
          select
          f64.add
          local.set 18
          local.get 18
          local.get 7
          f64.load offset=64
          local.get 7
          f64.load offset=64
          f64.mul
          f64.const 0x0p+0 (;=0;)
          local.get 11
          i32.const 8
          i32.ne
          select
          f64.add
          local.set 18
          local.get 18
          local.get 7
          f64.load offset=72
          local.get 7
          f64.load offset=72
          f64.mul
          f64.const 0x0p+0 (;=0;)
          local.get 11
          i32.const 9
          i32.ne
          select
          f64.add
          local.set 18
          local.get 19
          f64.const 0x1p+0 (;=1;)
          f64.sub
          local.set 20
          local.get 4
          local.get 9
          i32.const 3
          i32.shl
          i32.add
          local.get 18
          local.get 20
          local.get 20
          f64.mul
          f64.add
          f64.const 0x1.4p+3 (;=10;)
          f64.div
          f64.store
          local.get 3
          if  ;; label = @4
            local.get 18
            local.get 19
            local.get 20
            f64.mul
            f64.add
            local.tee 21
            f64x2.splat
            local.set 27
            local.get 8
            f64x2.splat
            local.set 28
            local.get 13
            local.get 22
            local.get 22
            local.get 27
            f64x2.sub
            f64x2.mul
            local.get 28
            f64x2.mul
            f32x4.demote_f64x2_zero
            v128.store64_lane align=1 0
            local.get 13
            local.get 23
            local.get 23
            local.get 27
            f64x2.sub
            f64x2.mul
            local.get 28
            f64x2.mul
            f32x4.demote_f64x2_zero
            v128.store64_lane offset=8 align=1 0
            local.get 13
            local.get 24
            local.get 24
            local.get 27
            f64x2.sub
            f64x2.mul
            local.get 28
            f64x2.mul
            f32x4.demote_f64x2_zero
            v128.store64_lane offset=16 align=1 0
            local.get 13
            local.get 25
            local.get 25
            local.get 27
            f64x2.sub
            f64x2.mul
            local.get 28
            f64x2.mul
            f32x4.demote_f64x2_zero
            v128.store64_lane offset=24 align=1 0
            local.get 13
            local.get 26
            local.get 26
            local.get 27
            f64x2.sub
            f64x2.mul
            local.get 28
            f64x2.mul
            f32x4.demote_f64x2_zero
            v128.store64_lane offset=32 align=1 0
            local.get 13
            local.get 11
            i32.const 2
            i32.shl
            i32.add
            local.get 19
            local.get 20
            local.get 21
            f64.sub
            f64.mul
            local.get 8
            f64.mul
            f32.demote_f64
            f32.store
          end
        else
          local.get 4
          local.get 9
          i32.const 3
          i32.shl
          i32.add
          local.get 17
          f64.store
          local.get 3
          if  ;; label = @4
            local.get 8
            f64x2.splat
            local.set 28
            local.get 13
            local.get 22
            local.get 28
            f64x2.mul
            f32x4.demote_f64x2_zero
            v128.store64_lane align=1 0
            local.get 13
            local.get 23
            local.get 28
            f64x2.mul
            f32x4.demote_f64x2_zero
            v128.store64_lane offset=8 align=1 0
            local.get 13
            local.get 24
            local.get 28
            f64x2.mul
            f32x4.demote_f64x2_zero
            v128.store64_lane offset=16 align=1 0
            local.get 13
            local.get 25
            local.get 28
            f64x2.mul
            f32x4.demote_f64x2_zero
            v128.store64_lane offset=24 align=1 0
            local.get 13
            local.get 26
            local.get 28
            f64x2.mul
            f32x4.demote_f64x2_zero
            v128.store64_lane offset=32 align=1 0
            local.get 13
            local.get 11
            i32.const 2
            i32.shl
            i32.add
            local.get 19
            f64.const 0x1p+0 (;=1;)
            f64.sub
            local.get 8
            f64.mul
            f32.demote_f64
            f32.store
          end
        end
        local.get 9
        i32.const 1
        i32.add
        local.set 9
        br 0 (;@2;)
      end
    end)
  (func (;5;) (type 2) (param i32 i32 i32)
    (local i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    v128.const i32x4 0x00000000 0xc0862000 0x00000000 0xc0862000
    local.set 12
    v128.const i32x4 0x652b82fe 0x3ff71547 0x652b82fe 0x3ff71547
    local.set 13
    v128.const i32x4 0x00000000 0x43380000 0x00000000 0x43380000
    local.set 14
    v128.const i32x4 0xfee00000 0x3fe62e42 0xfee00000 0x3fe62e42
    local.set 15
    v128.const i32x4 0x35793c76 0x3dea39ef 0x35793c76 0x3dea39ef
    local.set 16
    v128.const i32x4 0x00000000 0x3ff00000 0x00000000 0x3ff00000
    local.set 17
    v128.const i32x4 0x00000000 0x3fe00000 0x00000000 0x3fe00000
    local.set 18
    v128.const i32x4 0x55555555 0x3fc55555 0x55555555 0x3fc55555
    local.set 19
    v128.const i32x4 0x55555555 0x3fa55555 0x55555555 0x3fa55555
    local.set 20
    v128.const i32x4 0x11111111 0x3f811111 0x11111111 0x3f811111
    local.set 21
    v128.const i32x4 0x16c16c17 0x3f56c16c 0x16c16c17 0x3f56c16c
    local.set 22
    v128.const i32x4 0x1a01a01a 0x3f2a01a0 0x1a01a01a 0x3f2a01a0
    local.set 23
    v128.const i32x4 0x1a01a01a 0x3efa01a0 0x1a01a01a 0x3efa01a0
    local.set 24
    v128.const i32x4 0xa556c734 0x3ec71de3 0xa556c734 0x3ec71de3
    local.set 25
    v128.const i32x4 0xb7789f5c 0x3e927e4f 0xb7789f5c 0x3e927e4f
    local.set 26
    v128.const i32x4 0x67f544e4 0x3e5ae645 0x67f544e4 0x3e5ae645
    local.set 27
    v128.const i32x4 0xeff8d898 0x3e21eed8 0xeff8d898 0x3e21eed8
    local.set 28
    v128.const i32x4 0x13a86d09 0x3de61246 0x13a86d09 0x3de61246
    local.set 29
    i32.const 0
    local.set 3
    block  ;; label = @1
      loop  ;; label = @2
        local.get 3
        local.get 2
        i32.ge_u
        br_if 1 (;@1;)
        local.get 0
        local.get 3
        i32.const 4
        i32.shl
        i32.add
        v128.load align=1
        local.set 4
        local.get 4
        local.get 12
        f64x2.lt
        local.set 9
        local.get 4
        local.get 12
        f64x2.pmax
        local.set 5
        local.get 5
        local.get 13
        f64x2.mul
        local.get 14
        f64x2.add
        local.tee 6
        local.get 14
        f64x2.sub
        local.set 7
        local.get 5
        local.get 7
        local.get 15
        f64x2.mul
        f64x2.sub
        local.get 7
        local.get 16
        f64x2.mul
        f64x2.sub
        local.set 8
        local.get 8
        local.get 8
        f64x2.mul
        local.tee 10
        local.get 10
        f64x2.mul
        local.set 11
        local.get 17
        local.get 8
        local.get 10
        local.get 18
        local.get 8
        local.get 19
        f64x2.mul
        f64x2.add
        local.get 20
        local.get 8
        local.get 21
        f64x2.mul
        f64x2.add
        local.get 10
        f64x2.mul
        f64x2.add
        local.get 22
        local.get 8
        local.get 23
        f64x2.mul
        f64x2.add
        local.get 24
        local.get 8
        local.get 25
        f64x2.mul
        f64x2.add
        local.get 10
        f64x2.mul
        f64x2.add
        local.get 11
        f64x2.mul
        f64x2.add
        local.get 26
        local.get 8
        local.get 27
        f64x2.mul
        f64x2.add
        local.get 28
        local.get 8
        local.get 29
        f64x2.mul
        f64x2.add
        local.get 10
        f64x2.mul
        f64x2.add
        local.get 11
        local.get 11
        f64x2.mul
        f64x2.mul
        f64x2.add
        f64x2.mul
        f64x2.add
        f64x2.add
        local.get 6
        i32.const 52
        i64x2.shl
        local.get 17
        i64x2.add
        f64x2.mul
        local.get 9
        v128.andnot
        local.set 4
        local.get 1
        local.get 3
        i32.const 4
        i32.shl
        i32.add
        local.get 4
        v128.store align=1
        local.get 3
        i32.const 1
        i32.add
        local.set 3
        br 0 (;@2;)
      end
    end)
  (export "memory" (memory 0))
  (export "forward10" (func 0))
  (export "backward10" (func 1))
  (export "count16" (func 2))
  (export "fill16" (func 3))
  (export "loss10" (func 4))
  (export "exp64" (func 5)))
