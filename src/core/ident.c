#include "compat.h"

#include "core/err.h"
#include "core/ident.h"

struct province {
	int code;
	const char *name;
};

/*
 * The 63 legacy province codes of personal identification numbers (R-ID-1),
 * ascending. They are codes of the provinces before the 2025 mergers and stay
 * valid for every number already issued.
 */
static const struct province provinces[] = {
	{1, "Hà Nội"},          {2, "Hà Giang"},       {4, "Cao Bằng"},
	{6, "Bắc Kạn"},         {8, "Tuyên Quang"},    {10, "Lào Cai"},
	{11, "Điện Biên"},      {12, "Lai Châu"},      {14, "Sơn La"},
	{15, "Yên Bái"},        {17, "Hòa Bình"},      {19, "Thái Nguyên"},
	{20, "Lạng Sơn"},       {22, "Quảng Ninh"},    {24, "Bắc Giang"},
	{25, "Phú Thọ"},        {26, "Vĩnh Phúc"},     {27, "Bắc Ninh"},
	{30, "Hải Dương"},      {31, "Hải Phòng"},     {33, "Hưng Yên"},
	{34, "Thái Bình"},      {35, "Hà Nam"},        {36, "Nam Định"},
	{37, "Ninh Bình"},      {38, "Thanh Hóa"},     {40, "Nghệ An"},
	{42, "Hà Tĩnh"},        {44, "Quảng Bình"},    {45, "Quảng Trị"},
	{46, "Thừa Thiên Huế"}, {48, "Đà Nẵng"},       {49, "Quảng Nam"},
	{51, "Quảng Ngãi"},     {52, "Bình Định"},     {54, "Phú Yên"},
	{56, "Khánh Hòa"},      {58, "Ninh Thuận"},    {60, "Bình Thuận"},
	{62, "Kon Tum"},        {64, "Gia Lai"},       {66, "Đắk Lắk"},
	{67, "Đắk Nông"},       {68, "Lâm Đồng"},      {70, "Bình Phước"},
	{72, "Tây Ninh"},       {74, "Bình Dương"},    {75, "Đồng Nai"},
	{77, "Bà Rịa–Vũng Tàu"}, {79, "TP Hồ Chí Minh"}, {80, "Long An"},
	{82, "Tiền Giang"},     {83, "Bến Tre"},       {84, "Trà Vinh"},
	{86, "Vĩnh Long"},      {87, "Đồng Tháp"},     {89, "An Giang"},
	{91, "Kiên Giang"},     {92, "Cần Thơ"},       {93, "Hậu Giang"},
	{94, "Sóc Trăng"},      {95, "Bạc Liêu"},      {96, "Cà Mau"},
};

_Static_assert(ARRAY_SIZE(provinces) == IDENT_PROVINCE_COUNT,
	       "R-ID-1 lists 63 legacy province codes");

/* Tax code check weights of N1..N9 (R-ID-2). */
static const int tax_weights[9] = {31, 29, 23, 19, 17, 13, 7, 5, 3};

const char *ident_province_name(int code)
{
	size_t lo = 0, hi = ARRAY_SIZE(provinces);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (provinces[mid].code == code)
			return provinces[mid].name;
		if (provinces[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int ident_province_code_at(int i)
{
	if (i < 0 || i >= IDENT_PROVINCE_COUNT)
		return 0;
	return provinces[i].code;
}

/* True when s[0..n) are all ASCII digits. */
static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
	}
	return true;
}

/* The value of the n ASCII digits at s (already checked). */
static int digits_value(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

int ident_id_number_parse(const char *s, size_t len, struct ident_id_number *out)
{
	int province, g;

	if (len != IDENT_ID_NUMBER_LEN || !all_digits(s, len))
		return ERR_INVALID_ID_NUMBER;
	province = digits_value(s, 3);
	if (!ident_province_name(province))
		return ERR_INVALID_ID_NUMBER;
	g = s[3] - '0';
	if (out) {
		out->province = province;
		out->gender = (g % 2) ? IDENT_FEMALE : IDENT_MALE;
		out->birth_year = 1900 + (g / 2) * 100 + digits_value(s + 4, 2);
	}
	return 0;
}

int ident_id_number_validate(const char *s, size_t len, int birth_year, int current_year)
{
	struct ident_id_number id;

	if (ident_id_number_parse(s, len, &id))
		return ERR_INVALID_ID_NUMBER;
	if (id.birth_year > current_year)
		return ERR_INVALID_ID_NUMBER;
	if (birth_year != 0 && birth_year != id.birth_year)
		return ERR_INVALID_ID_NUMBER;
	return 0;
}

int ident_tax_check_digit(const char digits[9])
{
	int sum = 0;

	if (!all_digits(digits, 9))
		return -1;
	for (int i = 0; i < 9; i++)
		sum += (digits[i] - '0') * tax_weights[i];
	/* 10 - 0 would need a two-digit "check digit": such bodies are invalid. */
	if (sum % 11 == 0)
		return -1;
	return 10 - sum % 11;
}

/* 10 digits whose last one is the check digit of the first nine. */
static bool tax10_valid(const char *s)
{
	int check;

	if (!all_digits(s, IDENT_TAX_CODE_LEN))
		return false;
	check = ident_tax_check_digit(s);
	return check >= 0 && check == s[9] - '0';
}

int ident_tax_code_parse(const char *s, size_t len, struct ident_tax_code *out)
{
	struct ident_tax_code tc = {0};

	if (len == IDENT_ID_NUMBER_LEN) {
		if (ident_id_number_parse(s, len, NULL))
			return ERR_INVALID_TAX_CODE;
		tc.kind = IDENT_TAX_PERSONAL;
	} else if (len == IDENT_TAX_CODE_LEN) {
		if (!tax10_valid(s))
			return ERR_INVALID_TAX_CODE;
		tc.kind = IDENT_TAX_ORGANISATION;
	} else if (len == IDENT_TAX_CODE_LEN_MAX) {
		if (!tax10_valid(s) || s[10] != '-' || !all_digits(s + 11, 3))
			return ERR_INVALID_TAX_CODE;
		tc.kind = IDENT_TAX_BRANCH;
		tc.branch = digits_value(s + 11, 3);
		if (tc.branch == 0)
			return ERR_INVALID_TAX_CODE;
	} else {
		return ERR_INVALID_TAX_CODE;
	}
	if (out)
		*out = tc;
	return 0;
}

int ident_tax_code_validate(const char *s, size_t len, int current_year)
{
	struct ident_tax_code tc;

	if (ident_tax_code_parse(s, len, &tc))
		return ERR_INVALID_TAX_CODE;
	if (tc.kind == IDENT_TAX_PERSONAL &&
	    ident_id_number_validate(s, len, 0, current_year))
		return ERR_INVALID_TAX_CODE;
	return 0;
}
