/**
 * Numeric data of glibc's double-precision `log` (table-driven, 128 subintervals,
 * polynomials of order 6 and 12), stored as IEEE-754 bit patterns so every value is exact.
 *
 * Where the numbers come from: ARM optimized-routines, math/log_data.c
 * (ARM-software/optimized-routines at e17e986041ac, MIT OR Apache-2.0 WITH
 * LLVM-exception). The same numbers ship in glibc (glibc-2.36, sysdeps/ieee754/dbl-64/e_log_data.c).
 * Only what the FMA build of log reads is here; the second table (tab2) is not.
 *
 * GENERATED FILE, do not edit. Regenerate with
 *   npx tsx lib/np/gen-glibc-log-data.ts /work/shared/numpy-compat/glibc-log-data.json > lib/np/glibc-log-data.ts
 */

/** Reinterpret 64-bit patterns as doubles (both arrays use the host's byte order). */
const fromBits = (b: BigUint64Array): Float64Array => new Float64Array(b.buffer);

/** [Ln2hi, Ln2lo]: ln 2 split so that k * Ln2hi is exact for any exponent k. */
export const LN2 = fromBits(
  new BigUint64Array([0x3fe62e42fefa3800n, 0x3d2ef35793c76730n]),
);

/** A[0..4]: log1p(r) ~ r + A0 r^2 + A1 r^3 + A2 r^4 + A3 r^5 + A4 r^6 (main path). */
export const POLY = fromBits(
  new BigUint64Array([
    0xbfe0000000000001n, 0x3fd555555551305bn, 0xbfcfffffffeb4590n,
    0x3fc999b324f10111n, 0xbfc55575e506c89fn,
  ]),
);

/** B[0..10]: coefficients of r^2 .. r^12 for inputs near 1; B[0] is exactly -0.5. */
export const POLY1 = fromBits(
  new BigUint64Array([
    0xbfe0000000000000n, 0x3fd5555555555577n, 0xbfcffffffffffdcbn,
    0x3fc999999995dd0cn, 0xbfc55555556745a7n, 0x3fc24924a344de30n,
    0xbfbfffffa4423d65n, 0x3fbc7184282ad6can, 0xbfb999eb43b068ffn,
    0x3fb78182f7afd085n, 0xbfb5521375d145cdn,
  ]),
);

/**
 * The 128 subintervals of [0x1.6p-1, 0x1.6p0), interleaved: TAB[2i] = invc = 1/c and
 * TAB[2i+1] = logc = log(c), with c near the centre of subinterval i.
 */
export const TAB = fromBits(
  new BigUint64Array([
    0x3ff734f0c3e0de9fn, 0xbfd7cc7f79e69000n, // 0
    0x3ff713786a2ce91fn, 0xbfd76feec20d0000n, // 1
    0x3ff6f26008fab5a0n, 0xbfd713e31351e000n, // 2
    0x3ff6d1a61f138c7dn, 0xbfd6b85b38287800n, // 3
    0x3ff6b1490bc5b4d1n, 0xbfd65d5590807800n, // 4
    0x3ff69147332f0cban, 0xbfd602d076180000n, // 5
    0x3ff6719f18224223n, 0xbfd5a8ca86909000n, // 6
    0x3ff6524f99a51ed9n, 0xbfd54f4356035000n, // 7
    0x3ff63356aa8f24c4n, 0xbfd4f637c36b4000n, // 8
    0x3ff614b36b9ddc14n, 0xbfd49da7fda85000n, // 9
    0x3ff5f66452c65c4cn, 0xbfd445923989a800n, // 10
    0x3ff5d867b5912c4fn, 0xbfd3edf439b0b800n, // 11
    0x3ff5babccb5b90den, 0xbfd396ce448f7000n, // 12
    0x3ff59d61f2d91a78n, 0xbfd3401e17bda000n, // 13
    0x3ff5805612465687n, 0xbfd2e9e2ef468000n, // 14
    0x3ff56397cee76bd3n, 0xbfd2941b3830e000n, // 15
    0x3ff54725e2a77f93n, 0xbfd23ec58cda8800n, // 16
    0x3ff52aff42064583n, 0xbfd1e9e129279000n, // 17
    0x3ff50f22dbb2bddfn, 0xbfd1956d2b48f800n, // 18
    0x3ff4f38f4734ded7n, 0xbfd141679ab9f800n, // 19
    0x3ff4d843cfde2840n, 0xbfd0edd094ef9800n, // 20
    0x3ff4bd3ec078a3c8n, 0xbfd09aa518db1000n, // 21
    0x3ff4a27fc3e0258an, 0xbfd047e65263b800n, // 22
    0x3ff4880524d48434n, 0xbfcfeb224586f000n, // 23
    0x3ff46dce1b192d0bn, 0xbfcf474a7517b000n, // 24
    0x3ff453d9d3391854n, 0xbfcea4443d103000n, // 25
    0x3ff43a2744b4845an, 0xbfce020d44e9b000n, // 26
    0x3ff420b54115f8fbn, 0xbfcd60a22977f000n, // 27
    0x3ff40782da3ef4b1n, 0xbfccc00104959000n, // 28
    0x3ff3ee8f5d57fe8fn, 0xbfcc202956891000n, // 29
    0x3ff3d5d9a00b4ce9n, 0xbfcb81178d811000n, // 30
    0x3ff3bd60c010c12bn, 0xbfcae2c9ccd3d000n, // 31
    0x3ff3a5242b75dab8n, 0xbfca45402e129000n, // 32
    0x3ff38d22cd9fd002n, 0xbfc9a877681df000n, // 33
    0x3ff3755bc5847a1cn, 0xbfc90c6d69483000n, // 34
    0x3ff35dce49ad36e2n, 0xbfc87120a645c000n, // 35
    0x3ff34679984dd440n, 0xbfc7d68fb4143000n, // 36
    0x3ff32f5cceffcb24n, 0xbfc73cb83c627000n, // 37
    0x3ff3187775a10d49n, 0xbfc6a39a9b376000n, // 38
    0x3ff301c8373e3990n, 0xbfc60b3154b7a000n, // 39
    0x3ff2eb4ebb95f841n, 0xbfc5737d76243000n, // 40
    0x3ff2d50a0219a9d1n, 0xbfc4dc7b8fc23000n, // 41
    0x3ff2bef9a8b7fd2an, 0xbfc4462c51d20000n, // 42
    0x3ff2a91c7a0c1babn, 0xbfc3b08abc830000n, // 43
    0x3ff293726014b530n, 0xbfc31b996b490000n, // 44
    0x3ff27dfa5757a1f5n, 0xbfc2875490a44000n, // 45
    0x3ff268b39b1d3bbfn, 0xbfc1f3b9f879a000n, // 46
    0x3ff2539d838ff5bdn, 0xbfc160c8252ca000n, // 47
    0x3ff23eb7aac9083bn, 0xbfc0ce7f57f72000n, // 48
    0x3ff22a012ba940b6n, 0xbfc03cdc49fea000n, // 49
    0x3ff2157996cc4132n, 0xbfbf57bdbc4b8000n, // 50
    0x3ff201201dd2fc9bn, 0xbfbe370896404000n, // 51
    0x3ff1ecf4494d480bn, 0xbfbd17983ef94000n, // 52
    0x3ff1d8f5528f6569n, 0xbfbbf9674ed8a000n, // 53
    0x3ff1c52311577e7cn, 0xbfbadc79202f6000n, // 54
    0x3ff1b17c74cb26e9n, 0xbfb9c0c3e7288000n, // 55
    0x3ff19e010c2c1ab6n, 0xbfb8a646b372c000n, // 56
    0x3ff18ab07bb670bdn, 0xbfb78d01b3ac0000n, // 57
    0x3ff1778a25efbcb6n, 0xbfb674f145380000n, // 58
    0x3ff1648d354c31dan, 0xbfb55e0e6d878000n, // 59
    0x3ff151b990275fddn, 0xbfb4485cdea1e000n, // 60
    0x3ff13f0ea432d24cn, 0xbfb333d94d6aa000n, // 61
    0x3ff12c8b7210f9dan, 0xbfb22079f8c56000n, // 62
    0x3ff11a3028ecb531n, 0xbfb10e4698622000n, // 63
    0x3ff107fbda8434afn, 0xbfaffa6c6ad20000n, // 64
    0x3ff0f5ee0f4e6bb3n, 0xbfadda8d4a774000n, // 65
    0x3ff0e4065d2a9fcen, 0xbfabbcece4850000n, // 66
    0x3ff0d244632ca521n, 0xbfa9a1894012c000n, // 67
    0x3ff0c0a77ce2981an, 0xbfa788583302c000n, // 68
    0x3ff0af2f83c636d1n, 0xbfa5715e67d68000n, // 69
    0x3ff09ddb98a01339n, 0xbfa35c8a49658000n, // 70
    0x3ff08cabaf52e7dfn, 0xbfa149e364154000n, // 71
    0x3ff07b9f2f4e28fbn, 0xbf9e72c082eb8000n, // 72
    0x3ff06ab58c358f19n, 0xbf9a55f152528000n, // 73
    0x3ff059eea5ecf92cn, 0xbf963d62cf818000n, // 74
    0x3ff04949cdd12c90n, 0xbf9228fb8caa0000n, // 75
    0x3ff038c6c6f0ada9n, 0xbf8c317b20f90000n, // 76
    0x3ff02865137932a9n, 0xbf8419355daa0000n, // 77
    0x3ff0182427ea7348n, 0xbf781203c2ec0000n, // 78
    0x3ff008040614b195n, 0xbf60040979240000n, // 79
    0x3fefe01ff726fa1an, 0x3f6feff384900000n, // 80
    0x3fefa11cc261ea74n, 0x3f87dc41353d0000n, // 81
    0x3fef6310b081992en, 0x3f93cea3c4c28000n, // 82
    0x3fef25f63ceeadcdn, 0x3f9b9fc114890000n, // 83
    0x3feee9c8039113e7n, 0x3fa1b0d8ce110000n, // 84
    0x3feeae8078cbb1abn, 0x3fa58a5bd001c000n, // 85
    0x3fee741aa29d0c9bn, 0x3fa95c8340d88000n, // 86
    0x3fee3a91830a99b5n, 0x3fad276aef578000n, // 87
    0x3fee01e009609a56n, 0x3fb07598e598c000n, // 88
    0x3fedca01e577bb98n, 0x3fb253f5e30d2000n, // 89
    0x3fed92f20b7c9103n, 0x3fb42edd8b380000n, // 90
    0x3fed5cac66fb5ccen, 0x3fb606598757c000n, // 91
    0x3fed272caa5ede9dn, 0x3fb7da76356a0000n, // 92
    0x3fecf26e3e6b2ccdn, 0x3fb9ab434e1c6000n, // 93
    0x3fecbe6da2a77902n, 0x3fbb78c7bb0d6000n, // 94
    0x3fec8b266d37086dn, 0x3fbd431332e72000n, // 95
    0x3fec5894bd5d5804n, 0x3fbf0a3171de6000n, // 96
    0x3fec26b533bb9f8cn, 0x3fc067152b914000n, // 97
    0x3febf583eeece73fn, 0x3fc147858292b000n, // 98
    0x3febc4fd75db96c1n, 0x3fc2266ecdca3000n, // 99
    0x3feb951e0c864a28n, 0x3fc303d7a6c55000n, // 100
    0x3feb65e2c5ef3e2cn, 0x3fc3dfc33c331000n, // 101
    0x3feb374867c9888bn, 0x3fc4ba366b7a8000n, // 102
    0x3feb094b211d304an, 0x3fc5933928d1f000n, // 103
    0x3feadbe885f2ef7en, 0x3fc66acd2418f000n, // 104
    0x3feaaf1d31603da2n, 0x3fc740f8ec669000n, // 105
    0x3fea82e63fd358a7n, 0x3fc815c0f51af000n, // 106
    0x3fea5740ef09738bn, 0x3fc8e92954f68000n, // 107
    0x3fea2c2a90ab4b27n, 0x3fc9bb3602f84000n, // 108
    0x3fea01a01393f2d1n, 0x3fca8bed1c2c0000n, // 109
    0x3fe9d79f24db3c1bn, 0x3fcb5b515c01d000n, // 110
    0x3fe9ae2505c7b190n, 0x3fcc2967ccbcc000n, // 111
    0x3fe9852ef297ce2fn, 0x3fccf635d5486000n, // 112
    0x3fe95cbaeea44b75n, 0x3fcdc1bd3446c000n, // 113
    0x3fe934c69de74838n, 0x3fce8c01b8cfe000n, // 114
    0x3fe90d4f2f6752e6n, 0x3fcf5509c0179000n, // 115
    0x3fe8e6528effd79dn, 0x3fd00e6c121fb800n, // 116
    0x3fe8bfce9fcc007cn, 0x3fd071b80e93d000n, // 117
    0x3fe899c0dabec30en, 0x3fd0d46b9e867000n, // 118
    0x3fe87427aa2317fbn, 0x3fd13687334bd000n, // 119
    0x3fe84f00acb39a08n, 0x3fd1980d67234800n, // 120
    0x3fe82a49e8653e55n, 0x3fd1f8ffe0cc8000n, // 121
    0x3fe8060195f40260n, 0x3fd2595fd7636800n, // 122
    0x3fe7e22563e0a329n, 0x3fd2b9300914a800n, // 123
    0x3fe7beb377dcb5adn, 0x3fd3187210436000n, // 124
    0x3fe79baa679725c2n, 0x3fd377266dec1800n, // 125
    0x3fe77907f2170657n, 0x3fd3d54ffbaf3000n, // 126
    0x3fe756cadbd6130cn, 0x3fd432eee32fe000n, // 127
  ]),
);
