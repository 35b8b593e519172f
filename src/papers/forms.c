/*
 * The templates of forms 01-07 (DOMAIN.md §6; docs/papers.md): data, not
 * code. render.c lays any of them out the same way: the header (issuing
 * unit, national motto, date line, the QR code), the title, the blocks, the
 * signatures. Texts are templates: "{name}" is a value of the paper (the
 * names are paper_var_names below), "*…*" is bold and "_…_" italic; the
 * markup is read before the values go in.
 *
 * a template is in force from valid_from. A new wording is a new
 * table with its own date; the papers of a dossier use the one in force
 * when it is issued (one version per form so far: Circular 03/2025/TT-VPCP
 * and Decree 118/2025/NĐ-CP, in force since 1 July 2025; the wording
 * follows the forms of Circular 01/2018/TT-VPCP, which 03/2025 replaced,
 * and should be checked against the official appendix: DOMAIN.md (verify)).
 */
#include "compat.h"

#include "papers/papers.h"

#define LEGAL "(Theo Nghị định số 118/2025/NĐ-CP và Thông tư số 03/2025/TT-VPCP)"
#define IN_FORCE "2025-07-01"

/* The applicant's lines, shared by the papers addressed to the applicant. */
#define APPLICANT_LINES(lead)                                                              \
	{BLOCK_TEXT, lead "*{applicant_name}*", ALIGN_LEFT, 0, 0, NULL},                   \
	{BLOCK_TEXT, "{applicant_id_label}: {applicant_id}", ALIGN_LEFT, 0, 0, NULL},      \
	{BLOCK_TEXT, "Địa chỉ: {applicant_address}", ALIGN_LEFT, 0, 0, "applicant_address"}, \
	{BLOCK_TEXT, "Số điện thoại: {applicant_phone}{applicant_email_text}", ALIGN_LEFT, 0, 0, \
	 NULL}

#define PROCEDURE_LINE                                                                     \
	{BLOCK_TEXT, "Nội dung yêu cầu giải quyết: *{procedure_name}* (mã thủ tục "         \
		     "{procedure_code})", ALIGN_LEFT, 0, 0, NULL}

static const struct paper_block receipt_blocks[] = {
	{BLOCK_TEXT, "*{receiving_unit_name}* tiếp nhận hồ sơ của:", ALIGN_LEFT, 0, 0, NULL},
	APPLICANT_LINES("Ông/Bà (tổ chức): "),
	PROCEDURE_LINE,
	{BLOCK_TEXT, "1. Thành phần hồ sơ nộp gồm:", ALIGN_LEFT, 0, 0, NULL},
	{BLOCK_LIST, NULL, ALIGN_LEFT, 0, 12, NULL},
	{BLOCK_TEXT, "2. Thời gian giải quyết hồ sơ theo quy định: {processing_time}.", ALIGN_LEFT,
	 0, 0, NULL},
	{BLOCK_TEXT, "3. Thời gian nhận hồ sơ: {received_time}.", ALIGN_LEFT, 0, 0, NULL},
	{BLOCK_TEXT, "4. Thời gian trả kết quả giải quyết hồ sơ: *{appointment_time}*.", ALIGN_LEFT,
	 0, 0, NULL},
	{BLOCK_TEXT, "5. Nhận kết quả tại: {returning_unit_name}.", ALIGN_LEFT, 0, 0, NULL},
	{BLOCK_TEXT, "6. Tra cứu tình trạng hồ sơ: quét mã QR ở góc trên bên trái, hoặc vào "
		     "{tracking_url} với mã hồ sơ *{code}* và mã tra cứu *{tracking_key}* (bốn chữ "
		     "số cuối của số điện thoại).", ALIGN_LEFT, 0, 0, NULL},
	{BLOCK_END, NULL, ALIGN_LEFT, 0, 0, NULL},
};

static const struct paper_block supplement_blocks[] = {
	APPLICANT_LINES("Kính gửi: "),
	PROCEDURE_LINE,
	{BLOCK_TEXT, "Ngày {submitted_date}, {receiving_unit_name} nhận được hồ sơ của Ông/Bà. "
		     "Sau khi xem xét, {issuer_name} đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ "
		     "gồm *tất cả* những nội dung sau:", ALIGN_LEFT, 0, 0, NULL},
	{BLOCK_LIST, NULL, ALIGN_LEFT, 0, 12, NULL},
	{BLOCK_TEXT, "Lý do: {reason}", ALIGN_LEFT, 0, 0, "reason"},
	{BLOCK_TEXT, "{phase_note}", ALIGN_LEFT, 0, 0, "phase_note"},
	{BLOCK_TEXT, "Yêu cầu được lập lúc {event_time}. Trong quá trình bổ sung, hoàn thiện hồ sơ, "
		     "nếu có vướng mắc, Ông/Bà liên hệ {issuer_name} để được hướng dẫn.",
	 ALIGN_LEFT, 0, 0, NULL},
	{BLOCK_END, NULL, ALIGN_LEFT, 0, 0, NULL},
};

static const struct paper_block refusal_blocks[] = {
	APPLICANT_LINES("Kính gửi: "),
	PROCEDURE_LINE,
	{BLOCK_TEXT, "Ngày {submitted_date}, {receiving_unit_name} nhận được hồ sơ của Ông/Bà "
		     "({channel_text}).", ALIGN_LEFT, 0, 0, NULL},
	{BLOCK_TEXT, "Qua xem xét, {issuer_name} từ chối tiếp nhận, giải quyết hồ sơ này với lý do "
		     "cụ thể như sau:", ALIGN_LEFT, 0, 0, NULL},
	{BLOCK_TEXT, "*{reason}*", ALIGN_LEFT, 0, 14, NULL},
	{BLOCK_TEXT, "Phiếu được lập lúc {event_time}. Xin thông báo để Ông/Bà biết và thực hiện.",
	 ALIGN_LEFT, 0, 0, NULL},
	{BLOCK_END, NULL, ALIGN_LEFT, 0, 0, NULL},
};

static const struct paper_block apology_blocks[] = {
	APPLICANT_LINES("Kính gửi: "),
	{BLOCK_TEXT, "Ngày {received_date}, {receiving_unit_name} tiếp nhận hồ sơ của Ông/Bà, mã hồ "
		     "sơ *{code}*, đề nghị giải quyết thủ tục *{procedure_name}*; thời hạn trả kết "
		     "quả là {old_due_time}.", ALIGN_LEFT, 0, 0, NULL},
	{BLOCK_TEXT, "Tuy nhiên, đến nay {issuer_name} chưa thể trả kết quả giải quyết hồ sơ cho "
		     "Ông/Bà đúng hạn. Lý do:", ALIGN_LEFT, 0, 0, NULL},
	{BLOCK_TEXT, "*{reason}*", ALIGN_LEFT, 0, 14, NULL},
	{BLOCK_TEXT, "Sự chậm trễ này đã gây phiền hà cho Ông/Bà. {issuer_name} xin lỗi Ông/Bà và "
		     "hẹn trả kết quả giải quyết hồ sơ vào *{new_due_time}*.", ALIGN_LEFT, 0, 0,
	 NULL},
	{BLOCK_TEXT, "Xin trân trọng cảm ơn!", ALIGN_LEFT, 0, 0, NULL},
	{BLOCK_END, NULL, ALIGN_LEFT, 0, 0, NULL},
};

static const struct paper_block stop_blocks[] = {
	APPLICANT_LINES("Kính gửi: "),
	PROCEDURE_LINE,
	{BLOCK_TEXT, "Ngày {submitted_date}, {receiving_unit_name} nhận được hồ sơ của Ông/Bà, mã "
		     "hồ sơ *{code}*.", ALIGN_LEFT, 0, 0, NULL},
	{BLOCK_TEXT, "{issuer_name} thông báo dừng giải quyết hồ sơ từ {event_time}, với lý do:",
	 ALIGN_LEFT, 0, 0, NULL},
	{BLOCK_TEXT, "*{reason}*", ALIGN_LEFT, 0, 14, NULL},
	{BLOCK_TEXT, "Xin thông báo để Ông/Bà biết.", ALIGN_LEFT, 0, 0, NULL},
	{BLOCK_END, NULL, ALIGN_LEFT, 0, 0, NULL},
};

static const struct paper_block control_blocks[] = {
	{BLOCK_TEXT, "Thủ tục: *{procedure_name}* (mã thủ tục {procedure_code})", ALIGN_LEFT, 0, 0,
	 NULL},
	{BLOCK_TEXT, "Người nộp: {applicant_name}; {applicant_id_label}: {applicant_id}", ALIGN_LEFT,
	 0, 0, NULL},
	{BLOCK_TEXT, "Cơ quan (bộ phận) giải quyết hồ sơ: {competent_unit_name}", ALIGN_LEFT, 0, 0,
	 NULL},
	{BLOCK_TEXT, "Nhận hồ sơ: {received_time}. Hẹn trả kết quả: *{due_time}*.", ALIGN_LEFT, 0,
	 0, NULL},
	{BLOCK_TEXT, "Tình trạng: {status_text}. Đánh giá: *{verdict_text}*.", ALIGN_LEFT, 0, 0,
	 NULL},
	{BLOCK_SPACE, NULL, ALIGN_LEFT, 4, 0, NULL},
	{BLOCK_TABLE, NULL, ALIGN_LEFT, 0, 0, NULL},
	{BLOCK_END, NULL, ALIGN_LEFT, 0, 0, NULL},
};

/* Widths add up to the portrait content width (481 pt). */
static const struct paper_column control_columns[] = {
	{"TT", "{idx}", 18, ALIGN_CENTER},
	{"Bước xử lý", "{step}", 94, ALIGN_LEFT},
	{"Đơn vị giao → nhận", "{from_unit} → {to_unit}", 96, ALIGN_LEFT},
	{"Người giao → nhận", "{people}", 77, ALIGN_LEFT},
	{"Giao, nhận lúc", "{given_at}", 52, ALIGN_CENTER},
	{"Hạn xử lý", "{due_at}", 50, ALIGN_CENTER},
	{"Hoàn thành", "{finished_at}", 50, ALIGN_CENTER},
	{"Kết quả", "{verdict}", 44, ALIGN_CENTER},
	{NULL, NULL, 0, ALIGN_LEFT},
};

static const struct paper_block book_blocks[] = {
	{BLOCK_TEXT, "Đơn vị: *{issuer_name}* ({unit_code})", ALIGN_LEFT, 0, 0, NULL},
	{BLOCK_SPACE, NULL, ALIGN_LEFT, 4, 0, NULL},
	{BLOCK_TABLE, NULL, ALIGN_LEFT, 0, 0, NULL},
	{BLOCK_TEXT, "Tổng số: *{total}* hồ sơ.", ALIGN_LEFT, 0, 0, NULL},
	{BLOCK_END, NULL, ALIGN_LEFT, 0, 0, NULL},
};

/* Widths add up to the landscape content width (728 pt). */
static const struct paper_column book_columns[] = {
	{"TT", "{idx}", 22, ALIGN_CENTER},
	{"Mã hồ sơ", "{code}", 106, ALIGN_LEFT},
	{"Thủ tục hành chính", "{procedure_name}", 124, ALIGN_LEFT},
	{"Người nộp", "{applicant_name}", 84, ALIGN_LEFT},
	{"Địa chỉ, điện thoại", "{applicant_contact}", 100, ALIGN_LEFT},
	{"Nhận hồ sơ", "{received_at}", 50, ALIGN_CENTER},
	{"Hẹn trả kết quả", "{due_at}", 50, ALIGN_CENTER},
	{"Hoàn thành", "{finished_at}", 50, ALIGN_CENTER},
	{"Trả kết quả", "{returned_at}", 50, ALIGN_CENTER},
	{"Tình trạng", "{status_text}", 52, ALIGN_LEFT},
	{"Ghi chú", "{note}", 40, ALIGN_LEFT},
	{NULL, NULL, 0, ALIGN_LEFT},
};

#define SIGN_NOTE "(Ký và ghi rõ họ tên)"

static const struct paper_template templates[PAPER_KIND_COUNT] = {
	[PAPER_RECEIPT] = {
		PAPER_RECEIPT, "receipt", "01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
		"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Mã hồ sơ: *{code}*", LEGAL,
		IN_FORCE, false, "issuer_name", receipt_blocks, NULL,
		{{"NGƯỜI NỘP HỒ SƠ", SIGN_NOTE, "{applicant_name}"},
		 {"NGƯỜI TIẾP NHẬN HỒ SƠ", SIGN_NOTE, "{signer_name}"}},
	},
	[PAPER_SUPPLEMENT] = {
		PAPER_SUPPLEMENT, "supplement", "02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
		"PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Mã hồ sơ: *{code}*", LEGAL, IN_FORCE,
		false, "issuer_name", supplement_blocks, NULL,
		{{"NGƯỜI HƯỚNG DẪN", SIGN_NOTE, "{signer_name}"}},
	},
	[PAPER_REFUSAL] = {
		PAPER_REFUSAL, "refusal", "03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
		"PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "Mã hồ sơ: *{code}*", LEGAL, IN_FORCE,
		false, "issuer_name", refusal_blocks, NULL,
		{{"NGƯỜI TIẾP NHẬN HỒ SƠ", SIGN_NOTE, "{signer_name}"}},
	},
	[PAPER_APOLOGY] = {
		PAPER_APOLOGY, "apology", "04", "Văn bản xin lỗi và hẹn lại ngày trả kết quả",
		"VĂN BẢN XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "Mã hồ sơ: *{code}*", LEGAL,
		IN_FORCE, false, "issuer_name", apology_blocks, NULL,
		{{"THỦ TRƯỞNG CƠ QUAN", "(Ký, ghi rõ họ tên và đóng dấu)", "{signer_name}"}},
	},
	[PAPER_STOP] = {
		PAPER_STOP, "stop", "05", "Thông báo dừng giải quyết hồ sơ",
		"THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", "Mã hồ sơ: *{code}*", LEGAL, IN_FORCE, false,
		"issuer_name", stop_blocks, NULL,
		{{"ĐẠI DIỆN CƠ QUAN GIẢI QUYẾT", SIGN_NOTE, "{signer_name}"}},
	},
	[PAPER_CONTROL_SHEET] = {
		PAPER_CONTROL_SHEET, "control-sheet", "06",
		"Phiếu kiểm soát quá trình giải quyết hồ sơ",
		"PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "Mã hồ sơ: *{code}*", LEGAL,
		IN_FORCE, false, "issuer_name", control_blocks, control_columns,
		{{NULL, NULL, NULL}},
	},
	[PAPER_TRACKING_BOOK] = {
		PAPER_TRACKING_BOOK, "tracking-book", "07", "Sổ theo dõi hồ sơ",
		"SỔ THEO DÕI HỒ SƠ", "Từ ngày {from_date} đến ngày {to_date}", LEGAL, IN_FORCE,
		true, "issuer_name", book_blocks, book_columns,
		{{NULL, NULL, NULL}},
	},
};

const struct paper_template *paper_template(enum paper_kind k)
{
	return (unsigned)k < PAPER_KIND_COUNT ? &templates[k] : NULL;
}

/* Every value a template may name (docs/papers.md, "Values"). */
const char *const paper_var_names[] = {
	/* the header */
	"issuer_name", "issuer_parent_name", "unit_code",
	/* the dossier */
	"code", "procedure_code", "procedure_name", "processing_time", "channel_text",
	"receiving_unit_name", "competent_unit_name", "returning_unit_name",
	"submitted_date", "received_date", "received_time", "appointment_time", "due_time",
	"status_text", "verdict_text", "tracking_url", "tracking_key",
	/* the applicant */
	"applicant_name", "applicant_id_label", "applicant_id", "applicant_address",
	"applicant_phone", "applicant_email_text",
	/* the event the paper records */
	"event_time", "reason", "signer_name", "phase_note", "old_due_time", "new_due_time",
	/* the tracking book */
	"from_date", "to_date", "total",
	/* table rows: the control sheet */
	"idx", "step", "from_unit", "to_unit", "people", "given_at", "due_at",
	"finished_at", "verdict",
	/* table rows: the tracking book (and code, procedure_name, applicant_name, due_at…) */
	"applicant_contact", "received_at", "returned_at", "note",
	NULL,
};
