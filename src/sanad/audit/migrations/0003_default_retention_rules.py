from django.db import migrations

RULES = [
    (
        "closed_case",
        1825,
        "خمس سنوات بعد انتهاء المعاملة: مدة الشكاوى والنزاعات ومراجعة الجهات",
        "Five years after the transaction ends: the period for complaints, disputes and institutions' reviews",
    ),
    (
        "case_document",
        1825,
        "تحذف مع بيانات المعاملة الشخصية بعد انتهاء مدة حفظها",
        "Deleted with the transaction's personal data once its retention period ends",
    ),
    (
        "payment",
        3650,
        "عشر سنوات (السجلات المالية والضريبية)؛ لا تحمل بيانات شخصية فتبقى الأرقام والمبالغ",
        "Ten years (financial and tax records); they hold no personal fields, so numbers and amounts stay",
    ),
    (
        "account",
        30,
        "ثلاثون يوما بعد الطلب لحساب لا معاملات له",
        "Thirty days after the request for an account without transactions",
    ),
]


def load(apps, schema_editor):
    RetentionRule = apps.get_model("audit", "RetentionRule")
    for kind, days, basis_ar, basis_en in RULES:
        RetentionRule.objects.get_or_create(
            kind=kind, defaults={"keep_days": days, "basis_ar": basis_ar, "basis_en": basis_en}
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
