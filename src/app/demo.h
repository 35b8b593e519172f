/*
 * demo.h: the demo users of API.md ("Command line", --demo).
 *
 * Units (data/units/haiphong.json, data/README.md):
 *   admin       admin       at 000.00.00.H27  UBND thành phố Hải Phòng (the root)
 *   tiepnhan    receiver    at 000.00.20.H27  Trung tâm Phục vụ hành chính công thành phố
 *   chuyenvien  specialist  at 010.00.03.H27  Phòng Đăng ký kinh doanh, Sở Tài chính
 *   lanhdao     leader      at 000.00.03.H27  Sở Tài chính (so above the division)
 *   thanhtra    auditor     at 000.00.00.H27  the root (reads everything)
 *   canbo.tiepnhan, canbo.chuyenvien, canbo.lanhdao: receiver, specialist
 *               and leader at the root, who handle the generated dossiers of
 *               every unit (demo_data.h)
 * The units must be loaded first (motcua import units). Users that exist
 * already are left as they are, so calling it again changes nothing.
 */
#ifndef MOTCUA_APP_DEMO_H
#define MOTCUA_APP_DEMO_H

#include "store/store.h"

/*
 * Creates the demo users with `password` (at least PASSWORD_MIN_CHARS
 * characters), in one change with their audit records (actor "demo").
 * 0, ERR_INVALID (short password, or the units are missing), ERR_BUSY,
 * ERR_NOMEM, ERR_IO. Slow (one argon2id hash per user); not on the writer.
 */
int demo_users_create(struct store *s, const char *password);

#endif
