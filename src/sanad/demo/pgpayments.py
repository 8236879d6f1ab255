# ruff: noqa: S608  (SQL built from model metadata and code constants; values are bound parameters)
"""Demo payments on PostgreSQL, set-based (see demo/pgseed.py): every case that went to its
institution and has no payment yet is paid (online cases online, walk-ins in cash or by card), each
payment gets its event and a receipt numbered without gaps per centre and year (row_number() after the
numbers already used), the sequences are moved on, and past months are remitted."""

from django.db import connection
from django.utils import timezone

from .pgseed import BIG_LOAD, TZ, _copy, _execute, _scalar, analyze, insert_select, load_mode, reserve_block


def payments(*, seed: int, progress) -> dict:
    from sanad.cases.constants import CaseState, Channel
    from sanad.centres.models import Centre
    from sanad.payments.constants import DocumentSeries, PaymentMethod, PaymentState
    from sanad.payments.models import DocumentSequence, Payment, PaymentEvent, Receipt
    from sanad.payments.numbering import SEQUENCE_DIGITS, _licence_number

    _execute("SELECT setseed(%s)", [((seed * 104729) % 20000) / 10000 - 1])
    _execute("DROP TABLE IF EXISTS seed_paid")
    _execute(
        f"""CREATE TEMP TABLE seed_paid AS
        SELECT row_number() OVER (ORDER BY x.paid_at, x.case_id) - 1 AS k, x.*,
               extract(year FROM x.paid_at AT TIME ZONE '{TZ}')::int AS year
        FROM (
          SELECT c.id AS case_id, c.centre_id, s.institution_id, c.channel, c.government_fee, c.centre_fee,
                 c.vat, c.total, c.citizen_id, c.clerk_id,
                 greatest(c.created_at, sent.at - (2 + floor(random() * 239)) * interval '1 minute') AS paid_at,
                 CASE WHEN c.channel = '{Channel.ONLINE.value}' THEN '{PaymentMethod.ONLINE.value}'
                      WHEN random() < 0.62 THEN '{PaymentMethod.CASH.value}'
                      ELSE '{PaymentMethod.CARD_TERMINAL.value}' END AS method,
                 100000 + floor(random() * 900000)::int AS approval,
                 5 + floor(random() * 86)::int AS lead_seconds
          FROM (SELECT case_id, min(created_at) AS at FROM cases_caseevent
                WHERE to_state = '{CaseState.SUBMITTED_TO_INSTITUTION.value}' GROUP BY case_id) sent
          JOIN cases_case c ON c.id = sent.case_id
          JOIN catalogue_service s ON s.id = c.service_id
          WHERE c.total > 0 AND NOT EXISTS (SELECT 1 FROM payments_payment p WHERE p.case_id = c.id)
          OFFSET 0
        ) x""",
    )
    count = _scalar("SELECT count(*) FROM seed_paid")
    progress(0.3)
    if not count:
        _execute("DROP TABLE seed_paid")
        return {"payments": 0}
    _execute("DROP TABLE IF EXISTS seed_prefix")
    _execute("CREATE TEMP TABLE seed_prefix (centre_id bigint, prefix text, last_number int, year int)")
    last = {
        (s.centre_id, s.year): s.last_number
        for s in DocumentSequence.objects.filter(series=DocumentSeries.RECEIPT)
    }
    years = [row[0] for row in _rows("SELECT DISTINCT year FROM seed_paid")]
    centres = Centre.objects.select_related("licence")
    _copy(
        "seed_prefix",
        ["centre_id", "prefix", "last_number", "year"],
        ((c.pk, _licence_number(c), last.get((c.pk, y), 0), y) for c in centres for y in years),
    )
    first = reserve_block(Payment, count)
    online, card = PaymentMethod.ONLINE.value, PaymentMethod.CARD_TERMINAL.value
    with load_mode([Payment, PaymentEvent, Receipt], big=count >= BIG_LOAD):
        insert_select(
            Payment,
            {
                "id": f"{first} + p.k",
                "case_id": "p.case_id",
                "centre_id": "p.centre_id",
                "institution_id": "p.institution_id",
                "method": "p.method",
                "state": f"'{PaymentState.SUCCEEDED.value}'",
                "government_fee": "p.government_fee",
                "centre_fee": "p.centre_fee",
                "vat": "p.vat",
                "total": "p.total",
                "created_by_id": f"CASE WHEN p.method = '{online}' OR p.clerk_id IS NULL THEN p.citizen_id ELSE p.clerk_id END",
                "received_by_id": f"CASE WHEN p.method = '{online}' THEN NULL ELSE p.clerk_id END",
                "approval_reference": f"CASE WHEN p.method = '{card}' THEN p.approval::text ELSE '' END",
                "gateway_reference": f"CASE WHEN p.method = '{online}' THEN 'GW-DEMO-' || lpad(p.case_id::text, 10, '0') ELSE '' END",
                "confirmed_by": f"CASE WHEN p.method = '{online}' THEN 'callback' ELSE 'counter' END",
                "created_at": "p.paid_at - p.lead_seconds * interval '1 second'",
                "paid_at": "p.paid_at",
                "updated_at": "p.paid_at",
            },
            "seed_paid p",
        )
        progress(0.55)
        insert_select(
            PaymentEvent,
            {
                "payment_id": f"{first} + p.k",
                "from_state": "''",
                "to_state": f"'{PaymentState.SUCCEEDED.value}'",
                "actor_id": f"CASE WHEN p.method = '{online}' THEN NULL ELSE p.clerk_id END",
                "created_at": "p.paid_at",
                "data": "jsonb_build_object('confirmed_by', CASE WHEN p.method = "
                f"'{online}' THEN 'callback' ELSE 'counter' END, 'demo', true)",
            },
            "seed_paid p",
        )
        progress(0.7)
        insert_select(
            Receipt,
            {
                "number": f"r.prefix || '-' || r.year || '-' || lpad(r.sequence::text, {SEQUENCE_DIGITS}, '0')",
                "payment_id": f"{first} + r.k",
                "centre_id": "r.centre_id",
                "year": "r.year",
                "sequence": "r.sequence",
                "issued_at": "r.paid_at",
            },
            "(SELECT p.k, p.centre_id, p.year, p.paid_at, x.prefix, x.last_number + row_number() OVER"
            " (PARTITION BY p.centre_id, p.year ORDER BY p.paid_at, p.k) AS sequence"
            " FROM seed_paid p JOIN seed_prefix x ON x.centre_id = p.centre_id AND x.year = p.year) r",
        )
        progress(0.85)
    _execute(
        f"""INSERT INTO payments_documentsequence (centre_id, series, year, last_number)
        SELECT centre_id, '{DocumentSeries.RECEIPT.value}', year, max(sequence) FROM payments_receipt
        WHERE (centre_id, year) IN (SELECT DISTINCT centre_id, year FROM seed_paid) GROUP BY centre_id, year
        ON CONFLICT (centre_id, series, year) DO UPDATE SET last_number = excluded.last_number"""
    )
    analyze([Payment, PaymentEvent, Receipt])
    _execute("DROP TABLE seed_paid")
    _execute("DROP TABLE seed_prefix")
    remitted = remittances()
    return {"payments": count, "remittances": remitted}


def _rows(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def remittances() -> int:
    """Most centres remitted what they owed for the months before last (one GROUP BY over the
    payments); about one in twelve is behind. Months already remitted are left as they are."""
    from datetime import timedelta

    from sanad.payments.constants import PaymentState
    from sanad.payments.selectors import month_start

    this_month = month_start(timezone.localdate())
    cutoff = month_start(this_month - timedelta(days=1))
    return _execute(
        f"""INSERT INTO payments_remittance
             (centre_id, institution_id, period, amount, remitted_on, reference, recorded_by_id, created_at)
        SELECT o.centre_id, o.institution_id, o.period, o.amount,
               (o.period + interval '1 month')::date + 2 + floor(random() * 11)::int,
               'TRF-' || o.centre_id || '-' || o.institution_id || '-' || to_char(o.period, 'YYYYMM'),
               r.user_id, now()
        FROM (SELECT centre_id, institution_id,
                     date_trunc('month', paid_at AT TIME ZONE '{TZ}')::date AS period, sum(government_fee) AS amount
              FROM payments_payment WHERE state = %s AND government_fee > 0
              GROUP BY 1, 2, 3) o
        JOIN (SELECT centre_id, max(user_id) AS user_id FROM centres_staffmembership GROUP BY centre_id) r
          ON r.centre_id = o.centre_id
        WHERE o.period < %s AND random() >= 0.08
        ON CONFLICT DO NOTHING""",
        [PaymentState.SUCCEEDED.value, cutoff],
    )
