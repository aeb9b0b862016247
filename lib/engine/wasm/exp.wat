;; The correctly rounded exp of the WebAssembly kernels: one source, included by
;; kernels.wat and numgrad.wat (tools/_wasm.ts replaces their line
;; `;; #include "exp.wat"` with this text), so both have the very same exp.
;; The including module imports `$exp` (Math.exp, for the lanes where this exp
;; cannot be sure of its rounding) and has one memory, where the table goes.
;; The book's sigmoid on this exp is here too, for the same reason.
;;
;; V8's Math.exp is correctly rounded (LLVM libc's exp), so any correctly rounded
;; exp has its bits; tests/engine/kernels_test.ts checks $exp2 against Math.exp
;; on millions of arguments, and the table against exact integer arithmetic.

  ;; 2^(j/256) for j = 0 … 255, each as two f64: hi = RN(2^(j/256)) and
  ;; lo = RN(2^(j/256) − hi), so hi + lo = 2^(j/256) to about 2^-106 (tools/exp_table.py).
  ;; Copied into the memory by init_exp_table; $tab is where.
  (data $expTable "\00\00\00\00\00\00\f0\3f\00\00\00\00\00\00\00\00\bf\bc\5a\fa\1a\0b\f0\3f\71\9f\60\a7\b2\f6\84\bc\35\33\fb\a9\3d\16\f0\3f\b7\cd\b8\9a\29\61\9b\3c\81\02\3b\14\68\21\f0\3f\b6\4e\c5\0f\31\bf\82\bc\61\80\77\3e\9a\2c\f0\3f\5d\08\5b\53\83\90\71\bc\cc\bb\11\2e\d4\37\f0\3f\1a\e1\ad\ee\11\68\65\3c\85\7f\6e\e8\15\43\f0\3f\6e\c9\77\19\1c\a3\90\bc\b1\54\f6\72\5f\4e\f0\3f\8d\d0\a0\3a\79\c3\84\3c\74\85\15\d3\b0\59\f0\3f\65\b4\75\a4\e2\73\8d\3c\89\1f\3c\0e\0a\65\f0\3f\97\c3\99\57\7b\cb\95\bc\de\f6\dd\29\6b\70\f0\3f\27\3c\b1\e2\df\91\8c\bc\36\a8\72\2b\d4\7b\f0\3f\00\87\45\54\34\23\83\3c\c8\9b\75\18\45\87\f0\3f\ff\84\b2\4b\be\86\61\3c\e0\07\66\f6\bd\92\f0\3f\d1\3f\0a\80\63\80\96\bc\83\f3\c6\ca\3e\9e\f0\3f\36\61\31\18\78\48\91\3c\19\39\1f\9b\c7\a9\f0\3f\38\1d\3d\87\6c\d1\85\3c\0f\89\f9\6c\58\b5\f0\3f\0b\61\dc\4a\2e\a6\98\3c\85\6c\e4\45\f1\c0\f0\3f\ef\1c\d2\06\89\f9\94\3c\f7\47\72\2b\92\cc\f0\3f\71\4f\e2\16\dc\1e\90\3c\ec\5d\39\23\3b\d8\f0\3f\6a\31\3f\e4\4d\c1\9b\bc\a2\d1\d3\32\ec\e3\f0\3f\53\7b\c5\27\17\3a\40\3c\c5\a9\df\5f\a5\ef\f0\3f\1b\02\54\bc\b9\9d\94\bc\1b\d3\fe\af\66\fb\f0\3f\7b\bd\4e\c4\ed\9b\6b\bc\3e\23\d7\28\30\07\f1\3f\d5\fd\92\16\eb\46\8d\3c\51\5b\12\d0\01\13\f1\3f\3a\9b\44\39\10\c5\96\bc\b6\2a\5e\ab\db\1e\f1\3f\72\fb\03\f7\54\a4\9c\bc\cc\31\6c\c0\bd\2a\f1\3f\c7\a5\6c\b3\14\b5\51\bc\ab\04\f2\14\a8\36\f1\3f\f0\dc\48\ba\8f\10\67\bc\e0\2d\a9\ae\9a\42\f1\3f\9e\36\f1\9a\bf\2f\93\bc\2e\31\4f\93\95\4e\f1\3f\ab\44\bf\39\e8\91\8b\bc\51\8e\a5\c8\98\5a\f1\3f\0a\ab\ee\b9\6a\40\82\3c\c2\c3\71\54\a4\66\f1\3f\32\1a\ea\82\3b\f2\58\3c\7b\51\7d\3c\b8\72\f1\3f\76\8a\d7\b9\41\90\81\bc\c0\bb\95\86\d4\7e\f1\3f\64\5a\ac\e2\3f\9e\70\3c\ea\8d\8c\38\f9\8a\f1\3f\6c\0f\97\d1\23\10\91\bc\2f\5d\37\58\26\97\f1\3f\08\7e\f1\85\dd\aa\94\3c\75\cb\6f\eb\5b\a3\f1\3f\e4\68\49\7b\4c\5b\8e\3c\1c\8a\13\f8\99\af\f1\3f\80\92\b6\a4\85\bf\97\3c\d4\5c\04\84\e0\bb\f1\3f\07\f6\2e\35\86\53\99\bc\6b\1c\28\95\2f\c8\f1\3f\c9\f8\10\80\77\09\90\3c\aa\b9\68\31\87\d4\f1\3f\3c\64\a2\00\6e\01\9e\3c\27\40\b4\5e\e7\e0\f1\3f\de\b6\8c\08\d8\fd\96\bc\1d\d9\fc\22\50\ed\f1\3f\8c\b7\7b\02\98\df\91\bc\4d\ce\38\84\c1\f9\f1\3f\5c\af\97\a0\24\f5\9b\bc\d6\8c\62\88\3b\06\f2\3f\95\84\4a\81\75\c7\8d\3c\19\a8\78\35\be\12\f2\3f\c9\aa\fc\2c\2d\59\93\3c\96\dc\7d\91\49\1f\f2\3f\ee\a5\94\94\7e\a9\82\3c\d1\12\79\a2\dd\2b\f2\3f\9f\d6\77\55\fb\34\8d\3c\38\62\75\6e\7a\38\f2\3f\73\05\c7\b6\7e\b0\99\3c\0a\14\82\fb\1f\45\f2\3f\96\a9\1c\91\cc\cf\8a\3c\3f\a6\b2\4f\ce\51\f2\3f\a4\f4\f4\be\55\c1\8a\3c\75\ce\1e\71\85\5e\f2\3f\2c\1b\c3\4a\a2\e1\93\3c\dd\7c\e2\65\45\6b\f2\3f\d9\e9\40\99\33\bd\82\3c\29\df\1d\34\0e\78\f2\3f\6c\e7\f9\05\7c\06\9e\3c\81\63\f5\e1\df\84\f2\3f\7e\0d\3f\8c\3a\4c\9a\bc\70\bb\91\75\ba\91\f2\3f\bd\1c\40\28\72\cc\82\bc\e1\de\1f\f5\9d\9e\f2\3f\55\12\ad\af\e8\12\86\3c\13\0f\d1\66\8a\ab\f2\3f\a7\90\16\19\43\57\99\bc\90\d9\da\d0\7f\b8\f2\3f\a4\1a\38\d6\dc\0a\41\bc\2f\1b\77\39\7e\c5\f2\3f\24\51\eb\a6\45\01\95\bc\0b\03\e4\a6\85\d2\f2\3f\d5\41\db\54\47\02\90\3c\89\15\64\1f\96\df\f2\3f\98\e1\bc\fb\cf\16\9d\3c\56\2f\3e\a9\af\ec\f2\3f\83\23\d5\45\0f\ca\71\3c\6b\88\bd\4a\d2\f9\f2\3f\93\da\2b\53\55\3c\65\bc\15\b7\31\0a\fe\06\f3\3f\e4\82\31\d2\6a\f4\86\3c\fd\b2\ee\ed\32\14\f3\3f\d1\fc\f3\f3\a3\59\89\3c\31\d8\4c\fc\70\21\f3\3f\7c\04\18\8e\e7\9c\8a\3c\32\ea\a8\3b\b8\2e\f3\3f\18\f3\b4\3c\e8\45\9c\bc\ff\16\64\b2\08\3c\f3\3f\a6\59\36\84\21\27\93\3c\2d\fa\e3\66\62\49\f3\3f\a4\81\08\93\75\5a\83\bc\f1\9f\92\5f\c5\56\f3\3f\28\46\4e\5c\ee\5c\8b\bc\3b\88\de\a2\31\64\f3\3f\5e\b8\6c\a0\44\31\8c\bc\cb\a9\3a\37\a7\71\f3\3f\e2\ea\42\bf\ea\3a\96\bc\4a\75\1e\23\26\7f\f3\3f\3c\b2\ce\9e\ca\f5\99\bc\66\d8\05\6d\ae\8c\f3\3f\bd\04\99\3c\8d\95\9e\bc\ef\40\71\1b\40\9a\f3\3f\34\29\8e\fc\a5\a9\99\bc\f7\9f\e5\34\db\a7\f3\3f\e3\f5\61\d6\36\e4\75\bc\f4\6c\ec\bf\7f\b5\f3\3f\18\ff\6f\e2\66\4c\95\3c\e5\a8\13\c3\2d\c3\f3\3f\c3\29\5d\37\f8\ff\9e\bc\73\e1\ed\44\e5\d0\f3\3f\71\4c\28\8c\d0\e8\7f\3c\22\34\12\4c\a6\de\f3\3f\bc\9e\f0\11\09\da\8a\3c\75\51\1c\df\70\ec\f3\3f\ca\9b\8c\7b\63\f6\8a\bc\1c\80\ac\04\45\fa\f3\3f\f3\f9\56\f9\23\d0\97\bc\24\a0\67\c3\22\08\f4\3f\48\d0\f4\b6\f8\dd\8b\3c\2a\2e\f7\21\0a\16\f4\3f\78\92\30\1c\69\f3\5e\bc\8a\46\09\27\fb\23\f4\3f\dd\14\b3\c0\2d\46\98\bc\97\a8\50\d9\f5\31\f4\3f\99\79\5f\e3\dd\c7\81\bc\d4\b9\84\3f\fa\3f\f4\3f\03\c0\04\97\be\80\88\3c\2d\89\61\60\08\4e\f4\3f\d0\80\ef\04\7a\9b\48\3c\32\d2\a7\42\20\5c\f4\3f\8e\1f\fb\82\19\64\68\bc\57\00\1d\ed\41\6a\f4\3f\76\8a\64\d1\4b\94\9c\3c\37\32\8b\66\6d\78\f4\3f\33\57\44\ed\f0\20\9c\bc\d0\3c\c1\b5\a2\86\f4\3f\f0\62\90\b6\a3\c1\73\3c\d2\ae\92\e1\e1\94\f4\3f\a0\9e\49\5e\89\b2\83\bc\de\d3\d7\f0\2a\a3\f4\3f\56\be\d1\f3\62\cb\99\3c\d7\b7\6d\ea\7d\b1\f4\3f\f0\97\28\7f\b8\25\81\bc\27\2a\36\d5\da\bf\f4\3f\e2\42\ec\af\97\43\7d\3c\14\c1\17\b8\41\ce\f4\3f\5d\bd\0a\69\29\5e\90\3c\0d\dd\fd\99\b2\dc\f4\3f\33\78\6a\bc\db\ec\98\3c\ff\ab\d8\81\2d\eb\f4\3f\52\7a\5d\2e\7d\25\95\bc\a7\2c\9d\76\b2\f9\f4\3f\e3\57\59\d2\09\b3\94\bc\ee\31\45\7f\41\08\f5\3f\5f\46\b7\49\9b\24\7a\3c\42\66\cf\a2\da\16\f5\3f\ef\93\bd\69\85\76\8f\bc\ef\4e\3f\e8\7d\25\f5\3f\71\ef\ef\43\8d\99\7c\bc\82\4f\9d\56\2b\34\f5\3f\ad\3c\b1\1d\be\7a\80\bc\27\ad\f6\f4\e2\42\f5\3f\7e\5f\2d\19\6d\92\87\3c\0f\92\5d\ca\a4\51\f5\3f\9b\e5\ed\ef\9c\68\8d\bc\d2\10\e9\dd\70\60\f5\3f\f0\eb\8e\16\6e\fb\90\bc\da\27\b5\36\47\6f\f5\3f\ad\93\1d\01\2c\bb\99\3c\cf\c4\e2\db\27\7e\f5\3f\c4\b9\57\8a\8c\b9\90\bc\fd\c7\97\d4\12\8d\f5\3f\e8\1d\9a\5b\e1\95\82\3c\cc\07\ff\27\08\9c\f5\3f\0f\e6\67\e4\ce\e2\97\bc\29\54\48\dd\07\ab\f5\3f\ad\47\46\05\4c\32\96\3c\03\7a\a8\fb\11\ba\f5\3f\1a\3e\23\4c\a1\77\9b\bc\b7\46\59\8a\26\c9\f5\3f\a2\86\69\81\1b\4b\3c\3c\93\8b\99\90\45\d8\f5\3f\43\56\b4\a8\a7\d6\9c\bc\48\21\ad\15\6f\e7\f5\3f\5e\e6\80\30\f9\a6\9b\3c\71\eb\dc\20\a3\f6\f5\3f\92\cf\cd\e3\dd\ea\89\bc\09\dc\76\b9\e1\05\f6\3f\47\de\56\9b\42\e2\93\bc\f4\f6\cd\e6\2a\15\f6\3f\27\4c\b8\4a\3e\4b\9e\3c\85\55\3a\b0\7e\24\f6\3f\97\b4\40\7e\c1\83\93\bc\fd\29\19\1d\dd\33\f6\3f\e5\64\b9\be\10\47\98\3c\20\c3\cc\34\46\43\f6\3f\33\89\9d\75\3c\48\8c\bc\b7\8f\bc\fe\b9\52\f6\3f\09\3e\a7\c9\d5\e3\9a\bc\25\22\55\82\38\62\f6\3f\34\1c\59\87\09\b6\9b\bc\f6\33\08\c7\c1\71\f6\3f\34\61\6c\58\32\87\8e\bc\73\a9\4c\d4\55\81\f6\3f\65\3e\f7\44\ae\38\60\3c\38\95\9e\b1\f4\90\f6\3f\5d\44\eb\9a\bd\04\88\3c\cd\3b\7f\66\9e\a0\f6\3f\56\64\b2\13\34\dd\9b\bc\3e\17\75\fa\52\b0\f6\3f\0e\9d\9a\2c\f5\38\7a\3c\bf\da\0b\75\12\c0\f6\3f\0d\0b\ff\67\56\89\72\bc\45\76\d4\dd\dc\cf\f6\3f\09\73\f1\b6\a9\7a\9c\3c\2f\1a\65\3c\b2\df\f6\3f\ab\88\3c\68\3a\be\6b\bc\e5\3a\59\98\92\ef\f6\3f\b2\c8\1a\9e\74\b9\90\bc\84\94\51\f9\7d\ff\f6\3f\f6\0e\86\25\0f\3c\88\bc\87\2e\f4\66\74\0f\f7\3f\5f\a6\5a\d4\44\d6\59\3c\74\5f\ec\e8\75\1f\f7\3f\99\7a\88\86\47\6e\81\bc\8a\d0\ea\86\82\2f\f7\3f\72\2c\d6\2c\a0\0a\92\bc\74\81\a5\48\9a\3f\f7\3f\3c\d5\65\6c\d9\a8\90\bc\fd\cb\d7\35\bd\4f\f7\3f\1c\6e\8a\61\fd\47\90\3c\c9\67\42\56\eb\5f\f7\3f\d3\6d\31\57\59\24\90\bc\09\6e\ab\b1\24\70\f7\3f\f8\47\91\16\77\78\9b\3c\3f\5d\de\4f\69\80\f7\3f\2d\16\02\0a\b8\66\98\3c\f6\1c\ac\38\b9\90\f7\3f\3e\dd\aa\62\a8\49\93\3c\87\01\eb\73\14\a1\f7\3f\2f\99\04\ee\77\15\84\bc\db\cf\76\09\7b\b1\f7\3f\88\dc\68\84\b5\eb\9b\bc\32\c1\30\01\ed\c1\f7\3f\d6\4d\16\d1\4c\12\9f\3c\f0\86\ff\62\6a\d2\f7\3f\b4\b8\72\fb\db\bd\91\3c\62\4e\cf\36\f3\e2\f7\3f\7e\79\15\ba\02\5d\70\3c\91\c4\91\84\87\f3\f7\3f\ae\11\93\cf\11\7f\80\bc\12\1a\3e\54\27\04\f8\3f\2b\97\6d\62\86\7c\92\bc\d9\06\d1\ad\d2\14\f8\3f\4d\1d\15\0d\37\64\94\3c\13\ce\4c\99\89\25\f8\3f\d8\32\15\d4\1d\4c\9d\bc\f7\41\b9\1e\4c\36\f8\3f\d5\2b\df\31\9a\9b\99\3c\ad\c7\23\46\1a\47\f8\3f\fb\cd\41\a3\84\d6\88\bc\21\5b\9f\17\f4\57\f8\3f\d0\16\b2\f8\48\a7\5b\bc\ed\92\44\9b\d9\68\f8\3f\ba\f6\d4\9b\f8\c6\9f\bc\36\a4\31\d9\ca\79\f8\3f\bd\47\db\d2\d7\d2\85\3c\99\66\8a\d9\c7\8a\f8\3f\3a\b5\7c\f3\c2\94\99\3c\0f\58\78\a4\d0\9b\f8\3f\2b\20\75\44\95\53\9d\3c\db\a0\2a\42\e5\ac\f8\3f\27\4b\86\56\f1\e9\96\3c\78\17\d6\ba\05\be\f8\3f\6e\44\43\fc\5e\cb\9e\3c\8c\44\b5\16\32\cf\f8\3f\aa\e3\e9\32\5e\d5\70\bc\d9\66\08\5e\6a\e0\f8\3f\e6\b2\c9\6f\4a\11\97\bc\36\77\15\99\ae\f1\f8\3f\6c\97\e3\a2\13\cc\85\3c\8a\2c\28\d0\fe\02\f9\3f\d2\3f\fe\85\ca\92\95\3c\c6\ff\91\0b\5b\14\f9\3f\24\25\58\2e\79\d6\9d\bc\e2\2f\aa\53\c3\25\f9\3f\7f\db\39\a6\5f\45\83\bc\e5\c5\cd\b0\37\37\f9\3f\bc\7e\b5\81\c7\5f\67\bc\e5\98\5f\2b\b8\48\f9\3f\99\2d\7d\79\d6\c3\8d\bc\0f\52\c8\cb\44\5a\f9\3f\39\f0\a5\96\7c\4b\76\bc\b3\70\76\9a\dd\6b\f9\3f\96\c8\19\7f\96\a5\5b\bc\50\4e\de\9f\82\7d\f9\3f\d1\85\1b\7c\5b\18\9d\bc\a2\22\7a\e4\33\8f\f9\3f\ed\78\4c\a2\da\ab\7c\3c\ba\07\ca\70\f1\a0\f9\3f\32\e6\ce\91\bd\73\91\bc\0d\fe\53\4d\bb\b2\f9\3f\18\d5\f6\4d\4e\d8\9d\bc\90\f0\a3\82\91\c4\f9\3f\be\f2\71\b0\46\7c\7c\3c\d5\b8\4b\19\74\d6\f9\3f\33\82\dd\a3\be\16\95\bc\23\23\e3\19\63\e8\f9\3f\6e\4c\e6\78\ca\24\78\3c\9e\f2\07\8d\5e\fa\f9\3f\ce\fa\f1\aa\ce\a9\84\bc\65\e5\5d\7b\66\0c\fa\3f\33\d5\1c\5d\49\59\93\bc\bb\b8\8e\ed\7a\1e\fa\3f\0e\e7\8b\ee\18\66\9c\3c\33\2d\4a\ec\9b\30\fa\3f\ab\36\dc\7d\5c\30\96\3c\d8\0a\46\80\c9\42\fa\3f\20\b1\9f\58\80\a7\9a\bc\5d\25\3e\b2\03\55\fa\3f\e1\41\8d\db\6e\2f\9d\bc\52\60\f4\8a\4a\67\fa\3f\66\03\67\30\56\0f\65\3c\58\b3\30\13\9e\79\fa\3f\c7\63\c5\ca\7e\cb\9b\3c\59\2e\c1\53\fe\8b\fa\3f\a9\15\ba\b2\67\f8\94\bc\bf\fd\79\55\6b\9e\fa\3f\31\fd\f7\0e\c9\fa\90\3c\ba\6e\35\21\e5\b0\fa\3f\45\45\e9\da\31\9c\88\3c\7a\f3\d3\bf\6b\c3\fa\3f\d0\6c\e7\ca\34\92\8f\bc\74\27\3c\3a\ff\d5\fa\3f\e5\b8\b1\b6\3b\ef\97\3c\ad\d3\5a\99\9f\e8\fa\3f\81\cc\5d\34\cd\a1\97\3c\ff\f2\22\e6\4c\fb\fa\3f\cd\5e\31\0f\fc\b2\94\bc\66\b6\8d\29\07\0e\fb\3f\25\e4\80\4c\f5\de\9b\bc\52\89\9a\6c\ce\20\fb\3f\cc\56\07\4a\02\dd\94\3c\fb\15\4f\b8\a2\33\fb\3f\08\d7\84\30\5e\80\62\bc\b1\49\b7\15\84\46\fb\3f\90\7c\df\e9\3d\76\7f\bc\3a\59\e5\8d\72\59\fb\3f\e3\6d\ba\bb\df\71\9c\bc\2a\c5\f1\29\6e\6c\fb\3f\6e\3f\88\52\f3\a8\92\3c\47\5e\fb\f2\76\7f\fb\3f\3b\ac\54\7e\4f\58\75\bc\e4\49\27\f2\8c\92\fb\3f\c6\65\cb\54\16\72\9b\bc\4a\06\a1\30\b0\a5\fb\3f\2e\29\54\0e\d3\fc\9e\bc\1f\6f\9a\b7\e0\b8\fb\3f\05\62\69\c9\d1\52\3f\bc\d2\c1\4b\90\1e\cc\fb\3f\84\9e\2d\7a\d0\3d\82\3c\07\a2\f3\c3\69\df\fb\3f\52\5b\ea\60\23\26\3c\bc\09\1e\d7\5b\c2\f2\fb\3f\73\9c\6b\3f\ca\fd\9e\bc\3d\b3\41\61\28\06\fc\3f\34\ca\fb\a1\5a\8a\8d\bc\9c\52\85\dd\9b\19\fc\3f\dd\48\50\89\65\10\81\3c\2c\65\fa\d9\1c\2d\fc\3f\d7\a5\c8\17\16\e5\96\bc\7a\d0\ff\5f\ab\40\fc\3f\0a\c6\83\e0\37\45\9b\3c\22\fb\fa\78\47\54\fc\3f\af\b5\93\24\07\2f\91\3c\4b\d1\57\2e\f1\67\fc\3f\ad\3c\48\ff\4d\88\92\3c\33\c9\88\89\a8\7b\fc\3f\59\55\25\be\bb\76\8e\bc\b5\e7\06\94\6d\8f\fc\3f\44\5c\80\48\bc\ac\71\3c\db\c4\51\57\40\a3\fc\3f\f5\08\0d\d1\be\f2\87\bc\69\90\ef\dc\20\b7\fc\3f\db\49\e9\d1\cb\03\75\3c\75\16\6d\2e\0f\cb\fc\3f\93\90\00\86\0f\22\7d\bc\fa\c3\5d\55\0b\df\fc\3f\72\9d\82\53\3b\d8\8d\bc\74\ab\5b\5b\15\f3\fc\3f\57\ff\6d\b8\e9\08\9a\bc\7c\89\07\4a\2d\07\fd\3f\9c\7a\79\43\37\bc\9c\bc\68\c9\08\2b\53\1b\fd\3f\ee\36\9a\21\36\56\95\3c\f2\89\0d\08\87\2f\fd\3f\78\85\9d\71\7b\48\9d\bc\d6\a1\ca\ea\c8\43\fd\3f\14\16\5a\bf\53\db\93\3c\87\a4\fb\dc\18\58\fd\3f\07\37\5b\d7\02\ed\82\3c\d3\e6\62\e8\76\6c\fd\3f\a0\65\81\4a\7a\e8\5f\3c\98\83\c9\16\e3\80\fd\3f\e8\df\ed\8b\c1\1e\91\bc\75\60\ff\71\5d\95\fd\3f\be\f6\9a\bb\2d\05\9a\3c\85\32\db\03\e6\a9\fd\3f\32\b5\6d\69\00\23\9c\3c\15\83\3a\d6\7c\be\fd\3f\e4\8b\6b\92\f1\76\9b\bc\60\b4\01\f3\21\d3\fd\3f\c3\18\f0\78\57\da\92\3c\58\06\1c\64\d5\e7\fd\3f\8f\ba\79\8e\52\a5\9c\bc\5f\9b\7b\33\97\fc\fd\3f\5c\4b\18\4f\cd\a5\91\bc\17\7d\19\6b\67\11\fe\3f\44\7f\5c\bd\29\b5\72\bc\29\a1\f5\14\46\26\fe\3f\96\14\7a\81\27\b6\97\bc\12\ee\16\3b\33\3b\fe\3f\8b\c6\fd\31\a4\f4\99\bc\f6\3f\8b\e7\2e\50\fe\3f\8f\cc\a9\80\89\9e\83\3c\76\6d\67\24\39\65\fe\3f\35\b7\22\75\f8\3f\86\bc\83\4c\c7\fb\51\7a\fe\3f\e2\8d\0c\ca\22\d5\92\3c\40\b7\cd\77\79\8f\fe\3f\b1\54\b0\80\94\08\91\bc\da\90\a4\a2\af\a4\fe\3f\93\28\9c\17\23\9c\9e\bc\6e\ca\7c\86\f4\b9\fe\3f\f2\e4\93\22\2f\83\94\3c\f1\67\8e\2d\48\cf\fe\3f\8c\ad\11\b4\f3\93\9c\bc\10\85\18\a2\aa\e4\fe\3f\8d\56\87\a4\8d\c6\91\3c\27\5a\61\ee\1b\fa\fe\3f\b0\b6\a4\86\f4\c7\9d\3c\2a\41\b6\1c\9c\0f\ff\3f\45\1d\18\65\00\22\93\bc\97\ba\6b\37\2b\25\ff\3f\43\8e\0d\bf\a5\a1\93\3c\74\72\dd\48\c9\3a\ff\3f\de\37\d8\3e\5a\5a\79\bc\40\45\6e\5b\76\50\ff\3f\8b\a1\d8\2d\e1\d3\99\3c\f8\44\88\79\32\66\ff\3f\3e\34\39\35\7b\a3\9f\3c\14\be\9c\ad\fd\7b\ff\3f\0a\35\06\d0\12\bb\9d\bc\89\3c\24\02\d8\91\ff\3f\89\f6\79\a7\a8\2e\61\bc\d8\90\9e\81\c1\a7\ff\3f\1e\93\a5\f3\53\48\87\3c\14\d5\92\36\ba\bd\ff\3f\b6\8e\09\15\73\67\79\bc\f1\71\8f\2b\c2\d3\ff\3f\e7\79\65\96\74\eb\62\3c\d9\23\2a\6b\d9\e9\ff\3f\e3\fd\42\74\03\a6\74\3c")
  (global $tab (mut i32) (i32.const 0))

  ;; Copies the exp table to ptr (4096 bytes, 16-byte aligned), once per memory.
  (func (export "init_exp_table") (param $ptr i32)
    (memory.init $expTable (local.get $ptr) (i32.const 0) (i32.const 4096)))

  ;; Tells this instance where the exp table is (each thread's instance).
  (func (export "set_exp_table") (param $ptr i32)
    (global.set $tab (local.get $ptr)))

  ;; exp of both lanes, correctly rounded: the bits of Math.exp.
  ;;
  ;; x = k·ln2/256 + r with k = nearest(x·256/ln2) (the 1.5·2^52 shift) and
  ;; |r| <= ln2/512 (plus a hair) < 2^-9.5, so exp(x) = 2^m · 2^(j/256) · exp(r)
  ;; with k = 256m + j, |k| < 2^18 for |x| <= 700.
  ;; - r = (x − k·C1) − k·C2, C1 = ln2/256 to 34 significant bits, so k·C1 is
  ;;   exact and so is x − k·C1 (Sterbenz); then one rounding, below 2^-63.
  ;; - q = exp(r) − 1 − r by its Taylor polynomial to r^5 (the tail, r^6/720, is
  ;;   below 2^-66).
  ;; - With th + tl = 2^(j/256): exp(x)/2^m = th + lo, lo = th·r + (th·q + tl·(1 + r)),
  ;;   every rounding counted: |error| < 3.1·2^-62 (th·r, the outer sum and r's
  ;;   rounding times th are at most 2^-62 each; the rest below 2^-65).
  ;; The result is fl(th + lo) when fl(th + (lo − E)) = fl(th + (lo + E)) with
  ;; E = 2^-59: E less the rounding of lo ± E (2^-62) still exceeds the error
  ;; bound, so the exact value lies between the two and (rounding being monotone)
  ;; rounds to the same double, as does th + lo. Otherwise (about 1.6 % of lanes),
  ;; and for |x| > 700 or NaN (where 2^m or the result could leave the normal
  ;; range), the lane comes from Math.exp.
  (func $exp2 (param $x v128) (result v128)
    (local $th v128) (local $lo v128) (local $scale v128) (local $res v128) (local $res2 v128) (local $ok v128)
    ;; |x| <= 700 in both lanes (false for NaN), else Math.exp for both
    (if (i32.eqz (i64x2.all_true (f64x2.le (f64x2.abs (local.get $x)) (v128.const f64x2 700 700))))
      (then
        (return
          (f64x2.replace_lane 1
            (f64x2.splat (call $exp (f64x2.extract_lane 0 (local.get $x))))
            (call $exp (f64x2.extract_lane 1 (local.get $x)))))))
    (call $exp_parts (local.get $x))
    (local.set $scale)
    (local.set $lo)
    (local.set $th)
    ;; the rounding test, E = 2^-59
    (local.set $res (f64x2.add (local.get $th) (f64x2.sub (local.get $lo) (v128.const f64x2 0x1p-59 0x1p-59))))
    (local.set $res2 (f64x2.add (local.get $th) (f64x2.add (local.get $lo) (v128.const f64x2 0x1p-59 0x1p-59))))
    (local.set $ok (f64x2.eq (local.get $res) (local.get $res2)))
    ;; times 2^m (exact, and the result normal, for |x| <= 700)
    (local.set $res (f64x2.mul (local.get $res) (local.get $scale)))
    (if (i32.eqz (i64x2.all_true (local.get $ok)))
      (then
        (if (i64.eqz (i64x2.extract_lane 0 (local.get $ok)))
          (then (local.set $res (f64x2.replace_lane 0 (local.get $res) (call $exp (f64x2.extract_lane 0 (local.get $x)))))))
        (if (i64.eqz (i64x2.extract_lane 1 (local.get $ok)))
          (then (local.set $res (f64x2.replace_lane 1 (local.get $res) (call $exp (f64x2.extract_lane 1 (local.get $x)))))))))
    (local.get $res))

  ;; The parts of $exp2 before its rounding test, for lanes with |x| <= 700:
  ;; exp(x) = scale · (th + lo + err), |err| < 3.1·2^-62, where scale = 2^m and
  ;; th + tl = 2^(j/256) (the table), as described above $exp2.
  (func $exp_parts (param $x v128) (result v128 v128 v128)
    (local $kf v128) (local $k v128) (local $r v128) (local $q v128) (local $j v128)
    (local $t0 v128) (local $t1 v128) (local $th v128) (local $tl v128)
    ;; k = nearest(x·256/ln2) by the 1.5·2^52 shift: the low bits of k's lane are k (two's complement)
    (local.set $k (f64x2.add (f64x2.mul (local.get $x) (v128.const f64x2 0x1.71547652b82fep+8 0x1.71547652b82fep+8))
      (v128.const f64x2 0x1.8p52 0x1.8p52)))
    (local.set $kf (f64x2.sub (local.get $k) (v128.const f64x2 0x1.8p52 0x1.8p52)))
    ;; r = x − k·ln2/256: x − k·C1 is exact, then − k·C2 rounds once
    (local.set $r
      (f64x2.sub
        (f64x2.sub (local.get $x) (f64x2.mul (local.get $kf) (v128.const f64x2 0x1.62e42fef8p-9 0x1.62e42fef8p-9)))
        (f64x2.mul (local.get $kf) (v128.const f64x2 0x1.1cf79abc9e3b4p-44 0x1.1cf79abc9e3b4p-44))))
    ;; q = r²·(1/2 + r·(1/6 + r·(1/24 + r/120)))
    (local.set $q (f64x2.add (v128.const f64x2 0x1.5555555555555p-5 0x1.5555555555555p-5)
      (f64x2.mul (local.get $r) (v128.const f64x2 0x1.1111111111111p-7 0x1.1111111111111p-7))))
    (local.set $q (f64x2.add (v128.const f64x2 0x1.5555555555555p-3 0x1.5555555555555p-3) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.mul (f64x2.mul (local.get $r) (local.get $r)) (local.get $q)))
    ;; th + tl = 2^(j/256), j = k mod 256: the table's 16-byte rows j of both lanes
    (local.set $j (i32x4.shl (v128.and (local.get $k) (v128.const i32x4 255 0 255 0)) (i32.const 4)))
    (local.set $t0 (v128.load (i32.add (global.get $tab) (i32x4.extract_lane 0 (local.get $j)))))
    (local.set $t1 (v128.load (i32.add (global.get $tab) (i32x4.extract_lane 2 (local.get $j)))))
    (local.set $th (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
    (local.set $tl (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
    (local.get $th)
    ;; lo = th·r + (th·q + tl·(1 + r))
    (f64x2.add (f64x2.mul (local.get $th) (local.get $r))
      (f64x2.add (f64x2.mul (local.get $th) (local.get $q))
        (f64x2.mul (local.get $tl) (f64x2.add (v128.const f64x2 1 1) (local.get $r)))))
    ;; scale = 2^m, m = k >> 8
    (i64x2.shl
      (i64x2.add (i64x2.shr_s (i64x2.sub (local.get $k) (v128.const i64x2 0x4338000000000000 0x4338000000000000)) (i32.const 8))
        (v128.const i64x2 1023 1023))
      (i32.const 52)))

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
