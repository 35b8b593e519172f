#!/usr/bin/env python3
"""build_data.py: builds the project's own units and catalog data files.

How to run (python3 standard library only; from the project directory):

    python3 tools/build_data.py                  # reads ../shared/data, writes data/
    python3 tools/build_data.py --shared DIR     # reads DIR/units/haiphong-units.json
                                                 #   and DIR/catalog/procedures.json
    python3 tools/build_data.py --out DIR        # writes DIR/units/haiphong.json
                                                 #   and DIR/catalog/procedures.json
    python3 tools/build_data.py --check          # builds and checks, writes nothing;
                                                 #   exit 1 if a written file differs

It writes
    data/units/haiphong.json       the unit tree (R-ORG-1), QCVN 102-shaped placeholder codes
    data/catalog/procedures.json   40 procedures (R-CAT-1) with internal processes (R-CAT-2)
and never touches data/calendar/. The output is deterministic (same input, same bytes): no
timestamps, the inputs are identified by their SHA-256.

Facts (names, times, fees, dossiers, legal bases, sources, confidence marks) come from the
shared reference files. What this script adds, and marks as such in the output:
  - unit codes (placeholders in the QCVN 102:2016 shape, the scheme is in CODE_SCHEME below);
  - internal divisions of departments and communes, and the commune police units;
  - internal processes (steps and their budgets: ILLUSTRATIVE, no official one was found);
  - processing times where the shared file has none (flagged "placeholder": true);
  - derived fields: channels, subjects, result kind, component required/digitisable.

Before writing, it checks (and exits 1 with a message on any failure): unit codes unique and
well-shaped, parents exist and come first, levels valid, 114 communes each with all its roles,
40 procedures with unique codes, every step unit resolvable, step budgets within the processing
time (R-CAT-2; one working day = 7.5 office hours, DOMAIN.md R-CAL-4).

The shapes of both files are documented in data/README.md.
"""

import argparse
import hashlib
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(HERE)
DEFAULT_SHARED = os.path.join(PROJECT, "..", "shared", "data")
DEFAULT_OUT = os.path.join(PROJECT, "data")

UNITS_IN = os.path.join("units", "haiphong-units.json")
CATALOG_IN = os.path.join("catalog", "procedures.json")
UNITS_OUT = os.path.join("units", "haiphong.json")
CATALOG_OUT = os.path.join("catalog", "procedures.json")

CODE_RE = re.compile(r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
LEVELS = ("province", "department", "vertical_agency", "service_centre", "commune", "division")

# One office day (DOMAIN.md R-CAL-4 default hours 07:30-11:30 + 13:30-17:00).
DAY_HOURS = 7.5

# Candidate QCVN 102 level-1 code of Hai Phong (see _meta.qcvn_102 in the output).
PROVINCE = "H27"
VALID_FROM = "2025-07-01"


def code(v, z, y):
    return "%03d.%02d.%02d.%s" % (v, z, y, PROVINCE)


ROOT = code(0, 0, 0)
CITY_CENTRE = code(0, 0, 20)

# Level-2 bodies under the city: Y1Y2 fixed per body (shared name -> (key, Y1Y2, level)).
# A department added to the shared list must be given a number here (the script fails otherwise),
# so that re-running never renumbers existing units.
DEPARTMENTS = [
    ("Văn phòng Ủy ban nhân dân thành phố", "VP", 1, "department"),
    ("Sở Nội vụ", "SNV", 2, "department"),
    ("Sở Tài chính", "STC", 3, "department"),
    ("Sở Xây dựng", "SXD", 4, "department"),
    ("Sở Nông nghiệp và Môi trường", "SNNMT", 5, "department"),
    ("Sở Khoa học và Công nghệ", "SKHCN", 6, "department"),
    ("Sở Công Thương", "SCT", 7, "department"),
    ("Sở Giáo dục và Đào tạo", "SGDDT", 8, "department"),
    ("Sở Y tế", "SYT", 9, "department"),
    ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", 10, "department"),
    ("Sở Tư pháp", "STP", 11, "department"),
    ("Sở Ngoại vụ", "SNGV", 12, "department"),
    ("Sở Dân tộc và Tôn giáo", "SDTTG", 13, "department"),
    ("Thanh tra thành phố", "TTTP", 14, "department"),
    ("Ban Quản lý Khu kinh tế Hải Phòng", "BQLKKT", 15, "department"),
    ("Công an thành phố Hải Phòng", "CA", 90, "vertical_agency"),
]

# Vertical agencies not in the shared list but named by a procedure's agency text.
EXTRA_VERTICAL = [
    {
        "key": "THUE", "y": 91,
        "name": "Thuế thành phố Hải Phòng",
        "short_name": "Thuế TP",
        "confidence": "low",
        "note": "Not in the shared units file. Needed because the shared catalog names the tax "
                "authority's opinion (1.001266) and land procedures involve financial obligations. "
                "Name follows the 2025 national reorganisation of the tax sector as generally "
                "reported (Cục Thuế tỉnh -> Thuế tỉnh/thành phố); not verified for Hải Phòng.",
    },
]

# Divisions of every level-2 body (V1V2V3 under the body's code).
GENERIC_DIVISIONS = [
    (1, "office", "Bộ phận tiếp nhận và trả kết quả – {name}", "Bộ phận một cửa"),
    (2, "leader", "Lãnh đạo {name}", "Lãnh đạo"),
]

# Specialised divisions that procedures' steps need: key -> (body key, V, kind, name, confidence, note)
SPECIAL_DIVISIONS = [
    ("STC/DKKD", "STC", 10, "business_registration", "Phòng Đăng ký kinh doanh", "medium",
     "Named in the shared catalog (agency of 2.001610)."),
    ("STC/DT", "STC", 11, "investment", "Bộ phận chuyên môn về đăng ký đầu tư (tên minh họa)", "low",
     "Illustrative: the real division name was not found."),
    ("SNNMT/VPDK", "SNNMT", 10, "land_registration", "Văn phòng Đăng ký đất đai", "medium",
     "Named in the shared catalog (agency of 1.013980; its branches – Chi nhánh – are not modelled)."),
    ("SNV/LD", "SNV", 10, "labour", "Bộ phận chuyên môn về lao động, việc làm (tên minh họa)", "low",
     "Illustrative: the real division name was not found."),
    ("SNV/TTDVVL", "SNV", 11, "employment_service", "Trung tâm Dịch vụ việc làm", "medium",
     "Named in the shared catalog (agency of 1.014748)."),
    ("SYT/HN", "SYT", 10, "medical_practice", "Bộ phận chuyên môn về hành nghề khám bệnh, chữa bệnh (tên minh họa)", "low",
     "Illustrative: the real division name was not found."),
    ("CA/CSGT", "CA", 10, "traffic_police", "Phòng Cảnh sát giao thông", "medium",
     "Named in the shared catalog (agency of the driving-licence procedure)."),
    ("CA/LLTP", "CA", 11, "judicial_record", "Bộ phận lý lịch tư pháp (tên minh họa)", "low",
     "Illustrative: the shared catalog says the function moved to the police (to verify); division name not found."),
]

# Roles inside every commune: kind -> (V1V2V3, level, name pattern, short name, confidence, note).
# A commune-level step names its unit as "commune:<kind>"; the server resolves it, for the
# dossier's commune C, to the unit whose parent is C and whose kind is <kind>, which by
# construction has the code <V1V2V3> + C[3:] (C's code with its first three digits replaced).
COMMUNE_ROLES = [
    ("one_stop", 1, "service_centre", "Trung tâm Phục vụ hành chính công {lname}", "Bộ phận Một cửa", "medium",
     "Shared units file: one public administration service centre per commune-level unit (medium)."),
    ("justice", 2, "division", "Tư pháp – Hộ tịch – UBND {lname}", "Công chức Tư pháp – Hộ tịch", "low",
     "Functional role (hộ tịch, chứng thực); its place among the 2025 commune divisions is not verified."),
    ("economy", 3, "division", None, None, "low",
     "Functional role (địa chính, xây dựng, hộ kinh doanh). Name after the Ministry of Home Affairs' "
     "2025 model of commune divisions (Phòng Kinh tế; Phòng Kinh tế, Hạ tầng và Đô thị in wards); "
     "not verified for Hải Phòng."),
    ("social", 4, "division", "Phòng Văn hóa – Xã hội – UBND {lname}", "Phòng Văn hóa – Xã hội", "low",
     "Functional role (bảo trợ xã hội, người có công, giảm nghèo, giáo dục). Name after the Ministry of "
     "Home Affairs' 2025 model; not verified for Hải Phòng."),
    ("leader", 5, "division", "Lãnh đạo UBND {lname}", "Lãnh đạo UBND", "low",
     "Chairman / vice-chairmen who sign commune-level results; modelled as a division so that steps "
     "and leader accounts have a unit."),
    ("police", 6, "vertical_agency", "Công an {lname}", "Công an", "medium",
     "Commune-level police (competent for residence registration per the shared catalog); one per "
     "commune assumed. Parent is the commune (located in it); it reports to the city police (reports_to)."),
]
COMMUNE_ROLE_V = {k: v for k, v, *_ in COMMUNE_ROLES}
COMMUNE_SELF = "self"  # "commune:self" = the commune unit (UBND xã/phường/đặc khu) itself

# Commune codes: 000.Z1Z2.Y1Y2.H27 with Y1Y2 = 50 for the 50 units formed from former Hải Phòng
# (list numbers 1-50, Z1Z2 = number) and 51 for the 64 formed from former Hải Dương (list
# numbers 51-114, Z1Z2 = number - 50).
COMMUNE_BLOCKS = {"Hải Phòng": (50, 0), "Hải Dương": (51, 50)}

CODE_SCHEME = {
    "shape": "V1V2V3.Z1Z2.Y1Y2.MX1X2 (QCVN 102:2016), regex ^[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Z][0-9]{2}$",
    "province": "000.00.00.H27 — Ủy ban nhân dân thành phố Hải Phòng (root)",
    "level_2": "000.00.Y1Y2.H27 — bodies under the city: departments Y1Y2 = 01–15, city public "
               "administration service centre 20, vertical agencies 90 (city police) and 91 (tax)",
    "divisions_of_level_2": "V1V2V3.00.Y1Y2.H27 — 001 reception/return office, 002 leadership, "
                            "010+ specialised divisions",
    "communes": "000.Z1Z2.Y1Y2.H27 — 114 units need two groups: Y1Y2 = 50 and Z1Z2 = 01–50 for list "
                "numbers 1–50 (formed from former Hải Phòng); Y1Y2 = 51 and Z1Z2 = 01–64 for list "
                "numbers 51–114 (formed from former Hải Dương); list order of Nghị quyết 1669/NQ-UBTVQH15",
    "commune_children": "V1V2V3.Z1Z2.Y1Y2.H27 (the commune's Z1Z2.Y1Y2) — 001 one_stop (service centre), "
                        "002 justice, 003 economy, 004 social, 005 leader, 006 police",
    "pre_2025_illustrative": "000.Z1Z2.80.H27 — Y1Y2 = 80 is reserved for pre-2025 units kept for history",
    "caution": "Every code is a PLACEHOLDER in the QCVN 102 shape, not Hải Phòng's real electronic "
               "identifier. Replace from the city's decision on electronic identifiers when found.",
}

ILLUSTRATIVE_PRE2025 = {
    "code": code(0, 1, 80),
    "name": "Ủy ban nhân dân thị trấn Vĩnh Bảo",
    "short_name": "Vĩnh Bảo (thị trấn, trước 2025)",
    "level": "commune",
    "parent": ROOT,
    "valid_from": "2020-01-01",
    "valid_to": "2025-06-30",
    "successor_name": "Xã Vĩnh Bảo",
    "confidence": "low",
    "note": "ILLUSTRATIVE record showing how a pre-2025 unit is kept for old dossiers and reports "
            "(R-ORG-1): the former town of Vĩnh Bảo, ended 30/6/2025, successor the new Xã Vĩnh Bảo. "
            "That the town went into Xã Vĩnh Bảo is inferred from the name, not checked against "
            "Nghị quyết 1669/NQ-UBTVQH15; valid_from is a placeholder (start of the records kept, not "
            "the founding date); its real parent, the former UBND huyện Vĩnh Bảo, is not modelled "
            "because the level set has no 'district'.",
}

# ---------------------------------------------------------------------------------------------
# Catalog

ROLES = ("reception", "specialist", "leader", "return")
TIME_UNITS = ("working_days", "working_hours", "calendar_days", "same_day")

# Procedures the law resolves "ngay trong ngày" (same day; a dossier received after 15:00 is
# answered the next working day), which the shared file records as 1 ngày làm việc.
SAME_DAY = {"1.001193", "1.000894", "1.000656", "2.000635", "2.000815", "2.000884"}
SAME_DAY_RE = re.compile(r"ngay trong ngày|trong ngày tiếp nhận", re.I)

# Times the shared file leaves without a usable unit/value: code -> (amount, unit, note).
TIME_ASSUMED = {
    "2.000806": (5, "working_days",
                 "The national database shows '5' with unit 'Khác'; read as 5 working days (assumed)."),
    "1.001570": (1, "working_days",
                 "The national database shows '1' with unit 'Khác'; read as 1 working day (assumed)."),
    "1.001266": (1, "working_days",
                 "The national database shows '1' with unit 'Khác'; read as 1 working day (assumed)."),
}
PLACEHOLDER_TIME = (10, "working_days")

PLACEHOLDER_CODES = {  # shared name prefix -> placeholder code (the shared file has code null)
    "Cấp Giấy chứng nhận đăng ký đầu tư": "0.000001",
    "Cấp Phiếu lý lịch tư pháp": "0.000002",
    "Cấp giấy phép hành nghề khám bệnh": "0.000003",
    "Đổi giấy phép lái xe": "0.000004",
}

REC = ("reception", "Tiếp nhận, kiểm tra hồ sơ; cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
       "Giấy tiếp nhận hồ sơ và hẹn trả kết quả; hồ sơ chuyển xử lý")
SPEC = ("specialist", "Thẩm định hồ sơ, dự thảo kết quả", "Dự thảo kết quả và tờ trình")
LEAD = ("leader", "Xem xét, ký duyệt kết quả", "Kết quả đã ký")
RET = ("return", "Trả kết quả cho người nộp hồ sơ", "Kết quả đã trao; hồ sơ kết thúc")

# Per procedure: where it is decided and by whom the standard steps are done.
#   comp: competent unit — "commune:self" | "commune:police" for commune level, else a unit key
#   rec/spec/lead/ret: unit refs for the 4 standard steps (commune:<kind> or unit key)
#   steps: explicit inter-agency steps instead [(role, unit ref, amount, unit, name, produces)]
#   subjects, result_kind, notes
C1, C2, C3, C4, C5, C6 = ("commune:one_stop", "commune:justice", "commune:economy",
                          "commune:social", "commune:leader", "commune:police")
HOTICH = dict(comp="commune:self", rec=C1, spec=C2, lead=C5, ret=C1, subjects=["citizen"], result_kind="both")
CHUNGTHUC = dict(comp="commune:self", rec=C1, spec=C2, lead=C5, ret=C1,
                 subjects=["citizen", "business", "foreigner"], result_kind="paper")
HKD = dict(comp="commune:self", rec=C1, spec=C3, lead=C5, ret=C1, subjects=["citizen"], result_kind="both")
SOCIAL = dict(comp="commune:self", rec=C1, spec=C4, lead=C5, ret=C1, subjects=["citizen"], result_kind="paper")
POLICE = dict(comp="commune:police", rec=C6, spec=C6, lead=C6, ret=C6, subjects=["citizen"], result_kind="electronic",
              spec_name="Kiểm tra, thẩm định hồ sơ; cập nhật Cơ sở dữ liệu về cư trú",
              lead_name="Trưởng Công an xem xét, phê duyệt", unit_note=(
                  "Steps run in the commune police unit (reception there or at the commune centre; "
                  "the dossier's receiving unit replaces the default, R-ORG-2)."))


def prov(dept, spec, lead=None, rec="CENTRE", ret=None, **kw):
    d = dict(comp=dept, rec=rec, spec=spec, lead=lead or dept + "/leader", ret=ret or rec)
    d.update(kw)
    return d


PROCEDURES = {
    "1.001193": dict(HOTICH, spec_name="Kiểm tra hồ sơ, ghi Sổ hộ tịch, in Giấy khai sinh",
                     notes=["The inter-agency group khai sinh – thường trú – thẻ BHYT (liên thông) is a "
                            "separate procedure group and is not modelled here."]),
    "1.000894": dict(HOTICH, spec_name="Kiểm tra điều kiện kết hôn, ghi Sổ hộ tịch, in Giấy chứng nhận kết hôn",
                     notes=["When the marriage conditions need verification the law allows up to 5 working "
                            "days: handle it as an extension (re-appointment) of the dossier."]),
    "1.000593": dict(HOTICH, spec_name="Kiểm tra hồ sơ, tổ chức đăng ký kết hôn lưu động"),
    "2.000806": dict(HOTICH, subjects=["citizen", "foreigner"]),
    "1.000656": dict(HOTICH, spec_name="Kiểm tra hồ sơ, ghi Sổ hộ tịch, in Trích lục khai tử",
                     notes=["When verification is needed the law allows up to 3 working days: handle it as "
                            "an extension (re-appointment) of the dossier."]),
    "1.000689": dict(HOTICH),
    "1.004873": dict(HOTICH),
    "1.004859": dict(HOTICH),
    "1.004884": dict(HOTICH),
    "2.000635": dict(HOTICH, spec_name="Tra cứu Sổ hộ tịch, in bản sao trích lục"),
    "1.004837": dict(HOTICH),
    "2.000815": dict(CHUNGTHUC, result_kind="both", spec_name="Đối chiếu bản sao với bản chính"),
    "2.000884": dict(CHUNGTHUC, spec_name="Kiểm tra giấy tờ; người yêu cầu ký trước mặt người thực hiện"),
    "2.000942": dict(CHUNGTHUC),
    "2.001016": dict(CHUNGTHUC, subjects=["citizen", "foreigner"]),
    "2.001035": dict(CHUNGTHUC),
    "1.001612": dict(HKD),
    "2.000720": dict(HKD),
    "1.001570": dict(HKD),
    "1.001266": dict(HKD, result_kind="electronic", steps=[
        ("reception", C1, 1, "working_hours", REC[1], REC[2]),
        ("specialist", C3, 2, "working_hours", "Kiểm tra hồ sơ; gửi thông tin lấy ý kiến cơ quan thuế",
         "Văn bản đề nghị cơ quan thuế cho ý kiến"),
        ("specialist", "THUE", 2, "working_hours", "Cơ quan thuế cho ý kiến về nghĩa vụ thuế của hộ kinh doanh",
         "Ý kiến của cơ quan thuế"),
        ("leader", C5, 1, "working_hours", "Phê duyệt chấm dứt hoạt động hộ kinh doanh",
         "Tình trạng 'đã chấm dứt hoạt động' trong CSDL đăng ký hộ kinh doanh"),
        ("return", C1, 1, "working_hours", RET[1], RET[2]),
    ]),
    "2.001610": prov("STC", "STC/DKKD", lead="STC/DKKD", subjects=["citizen", "business"], result_kind="both",
                     lead_name="Trưởng phòng Đăng ký kinh doanh ký Giấy chứng nhận"),
    "0.000001": prov("STC", "STC/DT", subjects=["business", "foreigner"], result_kind="both",
                     notes=["Inside industrial/economic zones the competent body is the Ban Quản lý Khu kinh "
                            "tế Hải Phòng (shared catalog); this record models the Sở Tài chính case."]),
    "1.013980": dict(comp="SNNMT", subjects=["citizen"], result_kind="paper", steps=[
        ("reception", "CENTRE", 4, "working_hours", REC[1], REC[2]),
        ("specialist", "SNNMT/VPDK", 4, "working_days", "Kiểm tra hồ sơ, trích đo/trích lục địa chính; "
         "gửi thông tin xác định nghĩa vụ tài chính", "Phiếu chuyển thông tin địa chính"),
        ("specialist", "THUE", 2, "working_days", "Xác định nghĩa vụ tài chính, ra thông báo nộp tiền",
         "Thông báo nghĩa vụ tài chính"),
        ("leader", "SNNMT/VPDK", 1, "working_days", "Lãnh đạo Văn phòng Đăng ký đất đai xác nhận biến động",
         "Giấy chứng nhận đã xác nhận biến động; hồ sơ địa chính cập nhật"),
        ("return", "CENTRE", 2, "working_hours", RET[1], RET[2]),
    ]),
    "1.012753": dict(comp="commune:self", subjects=["citizen"], result_kind="paper", steps=[
        ("reception", C1, 4, "working_hours", REC[1], REC[2]),
        ("specialist", C3, 5, "working_days", "Kiểm tra hồ sơ, xác minh hiện trạng, niêm yết công khai",
         "Phiếu lấy ý kiến, kết quả niêm yết"),
        ("specialist", "SNNMT/VPDK", 5, "working_days", "Kiểm tra hồ sơ địa chính, trích lục/trích đo bản đồ; "
         "chuyển thông tin cho cơ quan thuế", "Phiếu chuyển thông tin địa chính"),
        ("specialist", "THUE", 3, "working_days", "Xác định nghĩa vụ tài chính, ra thông báo nộp tiền",
         "Thông báo nghĩa vụ tài chính"),
        ("leader", C5, 2, "working_days", "Chủ tịch UBND xã ký Giấy chứng nhận", "Giấy chứng nhận đã ký"),
        ("specialist", "SNNMT/VPDK", 2, "working_days", "Cập nhật cơ sở dữ liệu đất đai, hồ sơ địa chính",
         "Hồ sơ địa chính cập nhật"),
        ("return", C1, 2, "working_hours", RET[1], RET[2]),
    ], notes=["Who signs the certificate after 1/7/2025 (Chủ tịch UBND xã for households and individuals) "
              "follows the shared catalog's agency text 'UBND cấp xã / Văn phòng đăng ký đất đai (tùy đối "
              "tượng)'; the split of work shown in the steps is illustrative."]),
    "1.013225": dict(comp="commune:self", rec=C1, spec=C3, lead=C5, ret=C1, subjects=["citizen", "business"],
                     result_kind="paper"),
    "1.013227": dict(comp="commune:self", rec=C1, spec=C3, lead=C5, ret=C1, subjects=["citizen", "business"],
                     result_kind="paper"),
    "1.014199": prov("SNV", "SNV/LD", subjects=["business", "foreigner"], result_kind="paper",
                     notes=["The shared catalog says the Ban Quản lý Khu kinh tế may decide by delegation; "
                            "this record models the Sở Nội vụ case."]),
    "1.014748": prov("SNV", "SNV/TTDVVL", rec="SNV/TTDVVL", subjects=["citizen"], result_kind="both",
                     lead_name="Giám đốc Sở Nội vụ ký quyết định hưởng trợ cấp thất nghiệp",
                     notes=["Received and returned by the Trung tâm Dịch vụ việc làm (shared catalog); "
                            "payment by social insurance is outside this procedure."]),
    "1.001699": dict(SOCIAL, spec_name="Hội đồng xác định mức độ khuyết tật xem xét, kết luận"),
    "1.001776": dict(SOCIAL),
    "1.014027": dict(SOCIAL),
    "1.001731": dict(SOCIAL),
    "1.011606": dict(SOCIAL, notes=["Done in the yearly review plan; the processing time is a placeholder."]),
    "1.010833": dict(SOCIAL),
    "2.002481": dict(SOCIAL, notes=["The decision belongs to the heads of the schools (not modelled as units); "
                                    "the specialist step is routed to the commune's social division as a "
                                    "placeholder."]),
    "1.004222": dict(POLICE),
    "1.004194": dict(POLICE),
    "0.000002": prov("CA", "CA/LLTP", rec="CA/office", subjects=["citizen", "foreigner"], result_kind="both"),
    "0.000003": prov("SYT", "SYT/HN", subjects=["citizen", "foreigner"], result_kind="paper"),
    "0.000004": prov("CA", "CA/CSGT", lead="CA/CSGT", rec="CA/office", subjects=["citizen"], result_kind="both",
                     lead_name="Lãnh đạo Phòng Cảnh sát giao thông ký duyệt"),
}

CHANNELS = {"full": ["counter", "post", "online"], "partial": ["counter", "post", "online"], "none": ["counter"]}

OPTIONAL_MARKERS = ("(nếu", "nếu có", "(chỉ khi", "(khi ", "– nếu", "không yêu cầu nếu",
                    "Văn bản ủy quyền", "Giấy tờ ủy quyền", "Văn bản của cơ quan quản lý", "Biên bản họp nhóm")

SHARED_CATALOG_SOURCES = [  # shared/data/README.md §2 "Sources (besides the per-record links)"
    "https://haiphong.gov.vn/thu-tuc-hanh-chinh-76761/danh-muc-thu-tuc-hanh-chinh-tiep-nhan-tai-trung-tam-phuc-vu-hanh-chinh-cong-thanh-pho-hai-phong--760833",
    "https://vinhbao.haiphong.gov.vn/thu-tuc-hanh-chinh",
    "https://sotp.haiphong.gov.vn/van-ban-chi-dao-dieu-hanh-68017/cong-bo-thu-tuc-hanh-chinh-linh-vuc-chung-thuc-769850",
    "https://cdn.haiphong.gov.vn/gov-hpg/6868/tintuc/2026/4/qd-658639112645712936429.pdf",
    "https://cdn.haiphong.gov.vn/gov-hpg/6822/tintuc/2026/5/27.5-tb-niem-yet-tthc.signed639154720526079683.pdf",
    "https://cdn.haiphong.gov.vn/gov-hpg/6819/tintuc/2025/7/dm-tthc-chuan-hoa-syt638893087955858786.pdf",
    "https://namsach.haiphong.gov.vn/cong-khai-danh-muc-thu-tuc-hanh-chinh",
]
COMMUNE_DIVISIONS_SOURCE = "https://en.baobacninhtv.vn/de-xuat-to-chuc-3-phong-chuyen-mon-cap-xa-postid419505.bbg?p=3"


class BuildError(Exception):
    pass


def fail(msg):
    raise BuildError(msg)


def nfc(obj):
    if isinstance(obj, str):
        return unicodedata.normalize("NFC", obj)
    if isinstance(obj, list):
        return [nfc(x) for x in obj]
    if isinstance(obj, dict):
        return {nfc(k): nfc(v) for k, v in obj.items()}
    return obj


def load(path):
    with open(path, "rb") as f:
        raw = f.read()
    return json.loads(raw.decode("utf-8")), hashlib.sha256(raw).hexdigest()


def unit(code_, name, level, parent, confidence, short_name=None, kind=None, **extra):
    u = {
        "code": code_, "name": name, "short_name": short_name, "level": level, "parent": parent,
        "valid_from": VALID_FROM, "valid_to": None, "successor": None, "confidence": confidence,
        "kind": kind,
    }
    u.update({k: v for k, v in extra.items() if v is not None})
    return u


# ---------------------------------------------------------------------------------------------
# Units


def build_units(src, src_sha):
    city = src["city"]
    units = []
    keys = {}  # key -> code, for the catalog

    units.append(unit(ROOT, city["people_committee"]["name"], "province", None,
                      city["people_committee"]["confidence"], short_name="UBND thành phố Hải Phòng",
                      kind="people_committee", gso_code=city.get("gso_province_code"),
                      note="Root. " + city.get("formed", "")))

    centres = [c for c in src["public_administration_service_centres"] if c.get("level") == "province"]
    if len(centres) != 1:
        fail("expected one province-level service centre in the shared units file")
    c = centres[0]
    units.append(unit(CITY_CENTRE, c["name"], "service_centre", ROOT, c["confidence"],
                      short_name="Trung tâm PVHCC thành phố", kind="service_centre",
                      note=c.get("note"), sources=c.get("sources")))
    keys["CENTRE"] = CITY_CENTRE

    table = {name: (key, y, level) for name, key, y, level in DEPARTMENTS}
    shared_depts = src["departments"]["list"]
    seen = set()
    bodies = []
    for d in shared_depts:
        if d["name"] not in table:
            fail("shared department %r has no code number in DEPARTMENTS: add it" % d["name"])
        key, y, level = table[d["name"]]
        seen.add(d["name"])
        note = d.get("note")
        if d.get("evidence"):
            note = (note + " " if note else "") + "Evidence: " + d["evidence"]
        if d["name"] == "Văn phòng Ủy ban nhân dân thành phố" or d["name"] == "Thanh tra thành phố":
            note = (note + " " if note else "") + "Not a sở; level 'department' = a body under the city."
        bodies.append((key, y, level, d["name"], d["confidence"], note, None))
    for name in table:
        if name not in seen:
            fail("DEPARTMENTS names %r which the shared file no longer lists" % name)
    for v in EXTRA_VERTICAL:
        bodies.append((v["key"], v["y"], "vertical_agency", v["name"], v["confidence"], v["note"], v["short_name"]))
    bodies.sort(key=lambda b: b[1])

    for key, y, level, name, conf, note, short in bodies:
        bcode = code(0, 0, y)
        keys[key] = bcode
        units.append(unit(bcode, name, level, ROOT, conf, short_name=short, kind=level, note=note))
        for v, kind, pat, short_d in GENERIC_DIVISIONS:
            dcode = code(v, 0, y)
            keys["%s/%s" % (key, kind)] = dcode
            units.append(unit(dcode, pat.format(name=name), "division", bcode, "low", short_name=short_d,
                              kind=kind, note="Illustrative internal division (reception/return or leadership)."))
        for dkey, body, v, kind, dname, dconf, dnote in SPECIAL_DIVISIONS:
            if body == key:
                dcode = code(v, 0, y)
                keys[dkey] = dcode
                units.append(unit(dcode, dname, "division", bcode, dconf, kind=kind, note=dnote))

    cu = src["commune_units"]["units"]
    if len(cu) != 114:
        fail("expected 114 commune-level units, the shared file has %d" % len(cu))
    counters = {}
    commune_codes = []
    by_name = {}
    for c in cu:
        block = c["formed_from_former"]
        if block not in COMMUNE_BLOCKS:
            fail("unknown formed_from_former %r" % block)
        y, off = COMMUNE_BLOCKS[block]
        z = c["no"] - off
        if not 1 <= z <= 99:
            fail("commune %r: list number %d does not fit its block" % (c["name"], c["no"]))
        counters[block] = counters.get(block, 0) + 1
        ccode = code(0, z, y)
        commune_codes.append(ccode)
        by_name[c["name"]] = ccode
        ctype = c["type"]
        lname = ctype + " " + c["short_name"]
        extra = {"commune_type": ctype, "list_no": c["no"], "formed_from_former": block}
        if c.get("gso_code"):
            extra["gso_code"] = c["gso_code"]
            extra["gso_code_confidence"] = c.get("gso_code_confidence")
        units.append(unit(ccode, "Ủy ban nhân dân " + lname, "commune", ROOT, "high", short_name=c["name"],
                          kind="commune", **extra))
        for kind, v, level, pat, short, conf, _note in COMMUNE_ROLES:
            if kind == "economy":
                if ctype == "phường":
                    pat, short = "Phòng Kinh tế, Hạ tầng và Đô thị – UBND {lname}", "Phòng Kinh tế, Hạ tầng và Đô thị"
                else:
                    pat, short = "Phòng Kinh tế – UBND {lname}", "Phòng Kinh tế"
            extra = {"reports_to": code(0, 0, 90)} if kind == "police" else {}
            units.append(unit(code(v, z, y), pat.format(lname=lname), level, ccode, conf, short_name=short,
                              kind=kind, **extra))

    old = dict(ILLUSTRATIVE_PRE2025)
    succ = by_name.get(old.pop("successor_name"))
    if not succ:
        fail("successor of the illustrative pre-2025 unit not found")
    u = unit(old["code"], old["name"], old["level"], old["parent"], old["confidence"],
             short_name=old["short_name"], kind="commune", note=old["note"], illustrative=True)
    u.update(valid_from=old["valid_from"], valid_to=old["valid_to"], successor=succ)
    units.append(u)

    q = src["qcvn_102_2016_agency_codes"]
    counts = {lv: sum(1 for x in units if x["level"] == lv) for lv in LEVELS}
    meta = {
        "description": "Đơn vị của hệ thống một cửa thành phố Hải Phòng (cơ cấu từ 01/7/2025: chính quyền "
                       "2 cấp, hợp nhất Hải Phòng và Hải Dương): UBND thành phố, trung tâm phục vụ hành chính "
                       "công, các sở, cơ quan ngành dọc, 114 đơn vị hành chính cấp xã và các bộ phận nội bộ "
                       "mà quy trình nội bộ của thủ tục cần. Units of the Hải Phòng one-stop system as a tree "
                       "(DOMAIN.md R-ORG-1); parents always come before their children.",
        "generated_by": "tools/build_data.py (do not edit by hand: change the script or the shared data and re-run)",
        "generated_from": [{"file": "shared/data/" + UNITS_IN.replace(os.sep, "/"), "sha256": src_sha}],
        "shape": "see data/README.md",
        "qcvn_102": {
            "status": "PLACEHOLDER CODES. Every code in this file has the QCVN 102:2016 shape "
                      "V1V2V3.Z1Z2.Y1Y2.MX1X2 but is NOT Hải Phòng's real electronic identifier: the city's "
                      "decision on electronic identifiers of its post-2025 agencies was not found.",
            "prefix_used": PROVINCE,
            "why_H27": "Shared units file (low confidence): if the 63 provinces are numbered by unaccented "
                       "name (An Giang = H01 …), the observed anchors Quảng Ninh = H49, TP Hồ Chí Minh = H29 "
                       "and Thái Nguyên = H55 all fit, which gives Hải Dương = H26 and Hải Phòng = H27. "
                       "The alternative H26 is contradicted (H26 codes also appear next to 'Thành phố Hà "
                       "Nội'), so H27 was used.",
            "shared_status": q.get("status"),
            "shared_note": q.get("note"),
            "anchors_observed": q.get("anchors_observed"),
            "sources": q.get("sources"),
            "scheme": CODE_SCHEME,
        },
        "commune_roles": {
            "note": "Every commune has one child unit per role below. A commune-level procedure step whose "
                    "unit is 'commune:<kind>' runs, for the dossier's commune C, in the unit whose parent is "
                    "C and whose kind is <kind>; its code is <V1V2V3> followed by C's code from the first "
                    "dot on. 'commune:self' is C itself.",
            "roles": [{"kind": k, "v1v2v3": "%03d" % v, "level": lv, "name": (p or "Phòng Kinh tế (xã, đặc khu) / "
                       "Phòng Kinh tế, Hạ tầng và Đô thị (phường) – UBND {lname}"), "confidence": cf, "note": n}
                      for k, v, lv, p, _s, cf, n in COMMUNE_ROLES],
        },
        "validity": "valid_from 2025-07-01 marks the start of the structure recorded here (two-tier local "
                    "government, Nghị quyết 202/2025/QH15 and 1669/NQ-UBTVQH15), not each body's founding "
                    "date. valid_to null = still valid. One ILLUSTRATIVE pre-2025 unit (illustrative: true) "
                    "shows history: valid_to 2025-06-30 and a successor.",
        "confidence_legend": src["_meta"].get("confidence_legend"),
        "confidence_notes": [
            "Per-unit 'confidence' is about the unit's existence and name, never its code (always a placeholder).",
            "Commune names, types and list order: " + src["commune_units"].get("names_confidence", ""),
            "Departments: " + src["departments"].get("confidence_note", ""),
            "Commune-level GSO codes: " + src["commune_units"].get("gso_codes", ""),
            "Internal divisions of departments and communes are illustrative (low) unless a division is "
            "named in the shared catalog (medium). The three-division commune model (Văn phòng HĐND và "
            "UBND; Phòng Kinh tế or Phòng Kinh tế, Hạ tầng và Đô thị; Phòng Văn hóa – Xã hội) is the "
            "Ministry of Home Affairs' 2025 proposal as reported in the press, not a Hải Phòng decision.",
            "Thuế thành phố Hải Phòng is not in the shared file (low). Social insurance (BHXH) is not "
            "included: no procedure here has a step there.",
        ],
        "city": {k: city[k] for k in ("name", "formed", "gso_province_code", "gso_province_code_confidence",
                                      "dvcqg_province_uuid", "dvcqg_province_uuid_confidence",
                                      "commune_level_count", "two_tier_government") if k in city},
        "sources": list(dict.fromkeys(src.get("sources", []) + (q.get("sources") or []) + [COMMUNE_DIVISIONS_SOURCE])),
        "counts": dict(counts, total=len(units)),
    }
    return {"_meta": meta, "units": units}, keys, commune_codes


# ---------------------------------------------------------------------------------------------
# Catalog


def dur(amount, unit_):
    return {"amount": amount, "unit": unit_}


def hours_of(d):
    if d["unit"] == "working_hours":
        return d["amount"]
    if d["unit"] == "working_days":
        return d["amount"] * DAY_HOURS
    fail("step duration unit must be working_hours or working_days, not %r" % d["unit"])


def capacity_hours(pt):
    """Budget the step durations may use (R-CAT-2), in office hours."""
    u, n = pt["unit"], pt["amount"]
    if u == "working_days":
        return n * DAY_HOURS
    if u == "working_hours":
        return n
    if u == "same_day":
        return DAY_HOURS
    if u == "calendar_days":
        return (n * 5 // 7) * DAY_HOURS
    fail("bad processing time unit %r" % u)


def standard_budgets(pt):
    """Durations of reception, specialist, leader, return for a processing time."""
    h = "working_hours"
    if pt["unit"] == "same_day":
        return [dur(1, h), dur(3, h), dur(2, h), dur(1, h)]
    n = pt["amount"] if pt["unit"] == "working_days" else pt["amount"] * 5 // 7
    if pt["unit"] not in ("working_days", "calendar_days"):
        fail("no standard budget for %r" % pt["unit"])
    if n == 1:
        return [dur(1, h), dur(4, h), dur(1, h), dur(1, h)]
    if n == 2:
        return [dur(2, h), dur(1, "working_days"), dur(3, h), dur(2, h)]
    lead = 1 if n < 10 else 2
    return [dur(4, h), dur(n - 1 - lead, "working_days"), dur(lead, "working_days"), dur(2, h)]


def convert_time(p, code_):
    st = p["processing_time"]
    notes = []
    placeholder = False
    v, u = st.get("value"), st.get("unit")
    if code_ in SAME_DAY:
        if not (v == 1 and u == "ngày làm việc" and SAME_DAY_RE.search(st.get("text") or "")):
            fail("%s: listed as same-day but the shared time is %r %r %r" % (code_, v, u, st.get("text")))
        amount, unit_ = 0, "same_day"
        notes.append("Processing time: the shared file records 1 ngày làm việc with the text '%s'. That is "
                     "the legal 'same day; received after 15:00, answered the next working day' rule, which "
                     "the system's same_day unit with the 15:00 reception cut-off reproduces (R-CAL-4), so "
                     "same_day is used (amount 0, not used)." % st.get("text"))
    elif code_ in TIME_ASSUMED:
        amount, unit_, why = TIME_ASSUMED[code_]
        placeholder = True
        notes.append("Processing time ASSUMED: " + why)
    elif v is None or u == "unknown":
        amount, unit_ = PLACEHOLDER_TIME
        placeholder = True
        notes.append("Processing time PLACEHOLDER (%d working days): the shared file has none ('%s')."
                     % (amount, st.get("text")))
    else:
        m = {"ngày làm việc": "working_days", "ngày": "calendar_days", "giờ": "working_hours"}
        if u not in m:
            fail("%s: unknown shared time unit %r" % (code_, u))
        amount, unit_ = v, m[u]
        if unit_ == "calendar_days":
            notes.append("Processing time in calendar days ('ngày' in the legal text); the step budgets use "
                         "the nominal %d working days in %d calendar days (5/7, rounded down)."
                         % (amount * 5 // 7, amount))
    if not isinstance(amount, int):
        fail("%s: processing time amount must be an integer" % code_)
    pt = {"amount": amount, "unit": unit_, "text": st.get("text"), "placeholder": placeholder,
          "source_value": v, "source_unit": u, "dvcqg_raw": st.get("dvcqg_raw")}
    return pt, notes


def component(c):
    name = c["name"]
    optional = any(m in name for m in OPTIONAL_MARKERS)
    return {"name": name, "form": c["form"], "count": c["count"], "required": not optional,
            "digitisable": c["form"] != "present"}


def resolve_ref(ref, keys):
    if ref.startswith("commune:"):
        return ref
    if ref not in keys:
        fail("unknown unit key %r" % ref)
    return keys[ref]


def build_steps(spec, pt, keys):
    if "steps" in spec:
        return [{"name": name, "unit_role": role, "unit": resolve_ref(ref, keys), "duration": dur(a, u),
                 "produces": prod} for role, ref, a, u, name, prod in spec["steps"]]
    budgets = standard_budgets(pt)
    out = []
    for (role, name, prod), ref, d, over in zip(
            (REC, SPEC, LEAD, RET), (spec["rec"], spec["spec"], spec["lead"], spec["ret"]), budgets,
            (None, spec.get("spec_name"), spec.get("lead_name"), None)):
        out.append({"name": over or name, "unit_role": role, "unit": resolve_ref(ref, keys), "duration": d,
                    "produces": prod})
    return out


def build_catalog(src, src_sha, keys, unit_index):
    shared = src["procedures"]
    if len(shared) != 40:
        fail("expected 40 procedures in the shared catalog, found %d" % len(shared))
    procs = []
    for p in shared:
        code_ = p["code"]
        code_placeholder = False
        if code_ is None:
            hits = [c for prefix, c in PLACEHOLDER_CODES.items() if p["name"].startswith(prefix)]
            if len(hits) != 1:
                fail("procedure without code and without a placeholder: %r" % p["name"])
            code_, code_placeholder = hits[0], True
        if code_ not in PROCEDURES:
            fail("procedure %s (%s) has no entry in PROCEDURES" % (code_, p["name"]))
        spec = PROCEDURES[code_]
        pt, notes = convert_time(p, code_)
        if code_placeholder:
            notes.insert(0, "Code PLACEHOLDER %s: the shared file has no national code for this procedure "
                            "('0.' codes do not exist in the national database)." % code_)
        if p.get("note"):
            notes.append("Shared note: " + p["note"])
        notes.extend(spec.get("notes", []))
        if spec.get("unit_note"):
            notes.append(spec["unit_note"])

        comp = spec["comp"]
        if comp.startswith("commune:"):
            comp_level, comp_unit, comp_role = "commune", None, comp
            comp_kind = "vertical_agency" if comp == "commune:police" else "commune"
        else:
            comp_level, comp_unit, comp_role = "province", keys[comp], None
            comp_kind = unit_index[comp_unit]["level"]
        if comp_level != p["level"]:
            fail("%s: competent unit level %s but the shared level is %s" % (code_, comp_level, p["level"]))

        online = p.get("online") or {}
        level = online.get("level")
        if level not in CHANNELS:
            fail("%s: unknown online level %r" % (code_, level))
        conf = dict(p.get("confidence", {}))
        rename = {"agency": "competent_unit", "dossier": "components", "online": "online_level"}
        conf = {rename.get(k, k): v for k, v in conf.items()}
        if pt["placeholder"]:
            conf["processing_time"] = "assumed" if code_ in TIME_ASSUMED else "placeholder"
        conf.update({
            "steps": "illustrative",
            "channels": "derived",
            "subjects": "derived",
            "result_kind": "derived",
            "components_required_digitisable": "derived",
            "paper_allowed": "assumed",
        })
        fees = p.get("fees") or {}
        rec = {
            "code": code_,
            "code_placeholder": code_placeholder,
            "name": p["name"],
            "field": p["field"],
            "level": p["level"],
            "competent_unit_level": comp_level,
            "competent_unit": comp_unit,
            "competent_unit_role": comp_role,
            "competent_unit_kind": comp_kind,
            "agency_text": p.get("agency"),
            "legal_basis": p.get("legal_basis", []),
            "processing_time": pt,
            "fees": {"amount_vnd": fees.get("amount_vnd"), "note": fees.get("note")},
            "components": [component(c) for c in p.get("dossier", [])],
            "result": {"name": p.get("result"), "kind": spec["result_kind"]},
            "channels": CHANNELS[level],
            "online_level": level,
            "online_note": online.get("note"),
            "paper_allowed": True,
            "subjects": spec["subjects"],
            "confidence": conf,
            "sources": p.get("sources", []),
            "notes": notes,
            "steps": build_steps(spec, pt, keys),
            "steps_source": "illustrative",
        }
        procs.append(rec)

    n_by_level = {lv: sum(1 for x in procs if x["level"] == lv) for lv in ("province", "commune")}
    all_sources = list(dict.fromkeys(SHARED_CATALOG_SOURCES + [s for x in procs for s in x["sources"]]))
    meta = {
        "description": "Danh mục 40 thủ tục hành chính thường dùng tại TP Hải Phòng (sau 01/7/2025) kèm quy "
                       "trình nội bộ. The catalog (DOMAIN.md R-CAT-1) with each procedure's internal process "
                       "(R-CAT-2). Unit codes refer to data/units/haiphong.json: import the units first.",
        "generated_by": "tools/build_data.py (do not edit by hand: change the script or the shared data and re-run)",
        "generated_from": [{"file": "shared/data/" + CATALOG_IN.replace(os.sep, "/"), "sha256": src_sha}],
        "shape": "see data/README.md",
        "internal_processes": "ILLUSTRATIVE. No official internal process (quy trình nội bộ) of Hải Phòng was "
                              "found for any of these procedures, so every procedure has steps_source "
                              "'illustrative': a typical process of reception at the one-stop unit, appraisal by "
                              "the specialist division, signature by the leader and return of the result, with "
                              "inter-agency (liên thông) steps where the shared catalog names another agency "
                              "(tax authority, land registration office). Replace with the published process "
                              "when available (steps_source 'official').",
        "budgets": {
            "rule": "The step durations of a procedure add up to no more than its processing time (R-CAT-2); "
                    "the script checks it and fails otherwise. A working day counts as 7.5 office hours "
                    "(07:30–11:30 + 13:30–17:00, R-CAL-4), never 8.",
            "capacity": "working_days n: 7.5·n h; working_hours n: n h; same_day: 7.5 h (one office day); "
                        "calendar_days n: the nominal floor(5·n/7) working days, i.e. 7.5·floor(5·n/7) h "
                        "(official days off inside the period can make the real time shorter).",
            "standard_4_steps": "same_day: reception 1 h, specialist 3 h, leader 2 h, return 1 h. 1 working "
                                "day: 1 h, 4 h, 1 h, 1 h. 2 working days: 2 h, 1 day, 3 h, 2 h. n ≥ 3 working "
                                "days (or the nominal working days of calendar days): reception 4 h, "
                                "specialist n−1−L days, leader L days (L = 1 if n < 10, else 2), return 2 h.",
            "inter_agency": "Explicit per procedure (1.001266, 1.013980, 1.012753); checked by the same rule.",
        },
        "processing_time": {
            "conversion": {"ngày làm việc": "working_days", "ngày": "calendar_days", "giờ": "working_hours"},
            "same_day": "Procedures the law resolves in the day of reception (after 15:00: the next working "
                        "day) are recorded by the shared file as 1 ngày làm việc; they use unit same_day with "
                        "amount 0 (the amount is not used) — see each record's notes.",
            "assumed": "Where the national database gives a number with unit 'Khác', that number is read as "
                       "working days (processing_time.placeholder true).",
            "placeholder": "Where the shared file has no time, a placeholder of %d working days is used "
                           "(processing_time.placeholder true). Never show these to citizens as facts."
                           % PLACEHOLDER_TIME[0],
        },
        "commune_level": {
            "competent_unit": "Commune-level procedures have competent_unit null, competent_unit_level "
                              "'commune' and competent_unit_role 'commune:self' (the UBND of the dossier's "
                              "commune) or 'commune:police' (that commune's police). The server picks the "
                              "commune C per dossier and resolves the role.",
            "steps": "A step unit is either a unit code (resolved as is) or 'commune:<kind>' with kind in "
                     "one_stop, justice, economy, social, leader, police (or 'self'); for the dossier's "
                     "commune C it is the unit whose parent is C and whose kind is <kind>, whose code is "
                     "<V1V2V3 of the kind> + C[3:] (001 one_stop, 002 justice, 003 economy, 004 social, "
                     "005 leader, 006 police). Commune tokens appear only in commune-level procedures.",
        },
        "reception_and_return": "The unit of a reception or return step is the default (the city centre for "
                                "province-level procedures, the commune's one_stop centre for commune-level "
                                "ones); the dossier's actual receiving and returning units (R-ORG-2) replace it.",
        "code_placeholders": "Four procedures have no national code in the shared file; they carry placeholder "
                             "codes 0.000001–0.000004 (code_placeholder true).",
        "derived_fields": "channels from the online level (full/partial: counter, post, online; none: counter); "
                          "paper_allowed true (no source says paper is abolished); subjects and result.kind set "
                          "per procedure from its name and result; component 'required' is false when the "
                          "shared text makes the paper conditional ('nếu có', 'khi …', powers of attorney …), "
                          "'digitisable' is false for papers only shown (form 'present').",
        "confidence_legend": dict(src["_meta"].get("confidence_legend", {}),
                                  placeholder="value made up so the system can run; replace before use",
                                  illustrative="typical example, not an official text",
                                  derived="computed by rule from other fields", assumed="default without source"),
        "caveats": src["_meta"].get("caveats", []),
        "sources": all_sources,
        "counts": dict(n_by_level, total=len(procs)),
    }
    return {"_meta": meta, "procedures": procs}


# ---------------------------------------------------------------------------------------------
# Checks


def check_units(doc, commune_codes):
    units = doc["units"]
    seen = {}
    for u in units:
        c = u["code"]
        if not CODE_RE.match(c):
            fail("unit code %r is not in the QCVN 102 shape" % c)
        if c in seen:
            fail("duplicate unit code %s" % c)
        if u["level"] not in LEVELS:
            fail("unit %s: bad level %r" % (c, u["level"]))
        if u["parent"] is None:
            if c != ROOT:
                fail("unit %s has no parent" % c)
        elif u["parent"] not in seen:
            fail("unit %s: parent %s missing or after its child" % (c, u["parent"]))
        for k in ("valid_from", "valid_to"):
            if u[k] is not None and not DATE_RE.match(u[k]):
                fail("unit %s: bad %s" % (c, k))
        if not u["name"] or not u["confidence"]:
            fail("unit %s: name and confidence are required" % c)
        seen[c] = u
    for u in units:
        if u["successor"] is not None and u["successor"] not in seen:
            fail("unit %s: successor %s missing" % (u["code"], u["successor"]))
        if u.get("reports_to") and u["reports_to"] not in seen:
            fail("unit %s: reports_to missing" % u["code"])
    communes = [u for u in units if u["level"] == "commune" and u["valid_to"] is None]
    if len(communes) != 114:
        fail("expected 114 current communes, found %d" % len(communes))
    children = {}
    for u in units:
        if u["parent"]:
            children.setdefault(u["parent"], {})[u["kind"]] = u["code"]
    for cc in commune_codes:
        for kind, v in COMMUNE_ROLE_V.items():
            got = children.get(cc, {}).get(kind)
            if got != "%03d" % v + cc[3:]:
                fail("commune %s: role %s resolves to %r" % (cc, kind, got))
    return seen


def check_catalog(doc, index):
    procs = doc["procedures"]
    if len(procs) != 40:
        fail("expected 40 procedures, found %d" % len(procs))
    codes = [p["code"] for p in procs]
    if len(set(codes)) != len(codes):
        fail("duplicate procedure codes")
    for p in procs:
        c = p["code"]
        if not re.match(r"^[0-9]\.[0-9]{6}$", c):
            fail("%s: procedure code shape" % c)
        pt = p["processing_time"]
        if pt["unit"] not in TIME_UNITS or not isinstance(pt["amount"], int) or pt["amount"] < 0:
            fail("%s: bad processing time %r" % (c, pt))
        if p["level"] == "commune":
            if p["competent_unit"] is not None or p["competent_unit_role"] not in ("commune:self", "commune:police"):
                fail("%s: commune-level competent unit must be null with a role" % c)
        else:
            if p["competent_unit"] not in index or p["competent_unit_role"] is not None:
                fail("%s: competent unit %r not resolvable" % (c, p["competent_unit"]))
        steps = p["steps"]
        if len(steps) < 2 or steps[0]["unit_role"] != "reception" or steps[-1]["unit_role"] != "return":
            fail("%s: steps must start with reception and end with return" % c)
        total = 0.0
        for s in steps:
            if s["unit_role"] not in ROLES:
                fail("%s: bad unit_role %r" % (c, s["unit_role"]))
            u = s["unit"]
            if u.startswith("commune:"):
                kind = u.split(":", 1)[1]
                if p["level"] != "commune" or (kind not in COMMUNE_ROLE_V and kind != COMMUNE_SELF):
                    fail("%s: step unit %r not resolvable" % (c, u))
            elif u not in index:
                fail("%s: step unit %r not in the units file" % (c, u))
            d = s["duration"]
            if not isinstance(d["amount"], int) or d["amount"] <= 0:
                fail("%s: step durations must be positive integers" % c)
            total += hours_of(d)
        cap = capacity_hours(pt)
        if total > cap + 1e-9:
            fail("%s: step budgets %.1f h exceed the processing time %.1f h (R-CAT-2)" % (c, total, cap))
        for comp in p["components"]:
            if comp["form"] not in ("original", "copy", "present"):
                fail("%s: component form %r" % (c, comp["form"]))
        if p["result"]["kind"] not in ("paper", "electronic", "both"):
            fail("%s: result kind" % c)
        if p["online_level"] not in ("full", "partial", "none"):
            fail("%s: online level" % c)
        for s in p["subjects"]:
            if s not in ("citizen", "business", "foreigner"):
                fail("%s: subject %r" % (c, s))
        if p["steps_source"] not in ("illustrative", "official"):
            fail("%s: steps_source" % c)


# ---------------------------------------------------------------------------------------------


def dump(doc):
    return json.dumps(nfc(doc), ensure_ascii=False, indent=2) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description="Build data/units/haiphong.json and data/catalog/procedures.json.")
    ap.add_argument("--shared", default=DEFAULT_SHARED, help="shared data directory (default ../shared/data)")
    ap.add_argument("--out", default=DEFAULT_OUT, help="output data directory (default data/)")
    ap.add_argument("--check", action="store_true", help="build and check only; exit 1 if the files differ")
    a = ap.parse_args(argv)
    try:
        units_src, units_sha = load(os.path.join(a.shared, UNITS_IN))
        cat_src, cat_sha = load(os.path.join(a.shared, CATALOG_IN))
        units_doc, keys, commune_codes = build_units(units_src, units_sha)
        index = check_units(units_doc, commune_codes)
        catalog_doc = build_catalog(cat_src, cat_sha, keys, index)
        check_catalog(catalog_doc, index)
    except (BuildError, OSError, ValueError, KeyError) as e:
        print("build_data: error: %s" % e, file=sys.stderr)
        return 1
    outputs = [(os.path.join(a.out, UNITS_OUT), dump(units_doc)),
               (os.path.join(a.out, CATALOG_OUT), dump(catalog_doc))]
    status = 0
    for path, text in outputs:
        if a.check:
            try:
                with open(path, encoding="utf-8") as f:
                    same = f.read() == text
            except OSError:
                same = False
            print("%s %s" % ("ok     " if same else "DIFFERS", path))
            status |= 0 if same else 1
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            tmp = path + ".tmp"
            with open(tmp, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            os.replace(tmp, path)
            print("wrote %s (%d bytes)" % (path, len(text.encode("utf-8"))))
    m = units_doc["_meta"]["counts"]
    print("units: %s" % ", ".join("%s %d" % (k, v) for k, v in m.items()))
    print("procedures: %s" % ", ".join("%s %d" % (k, v) for k, v in catalog_doc["_meta"]["counts"].items()))
    return status


if __name__ == "__main__":
    sys.exit(main())
