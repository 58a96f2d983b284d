"""The scaffold text `madoguchi new` writes, in one place: the bodies, and the placeholders
in them that an editor must replace. `madoguchi check` and the build refuse an entry that
still contains a placeholder (guards.py), so an unfinished answer never goes live."""

from __future__ import annotations

# Every placeholder `madoguchi new` writes; each is refused wherever it is left in a body.
FAQ_ANSWER = "（ここに回答を書いてください）"
FAQ_STEPS = ("（手順1）", "（手順2）")
INCIDENT_SUMMARY = "（ここに概要を書いてください）"
INCIDENT_AFFECTED = "（対象のお客様）"
INCIDENT_ASK = "（回避策や、復旧までの間にできること）"

MAINTENANCE_WHAT = "（ここにメンテナンスの内容を書いてください）"
MAINTENANCE_SERVICES = "（対象のサービス）"
REPORT_FINDINGS = "（ここに調査結果を書いてください）"
REPORT_PREVENTION = "（再発防止策）"

PLACEHOLDERS: tuple[str, ...] = (
    FAQ_ANSWER,
    *FAQ_STEPS,
    INCIDENT_SUMMARY,
    INCIDENT_AFFECTED,
    INCIDENT_ASK,
    MAINTENANCE_WHAT,
    MAINTENANCE_SERVICES,
    REPORT_FINDINGS,
    REPORT_PREVENTION,
)

FAQ_BODY = f"""
<!-- 最初の一文で結論を答えてください。手順は番号付きリストで、画面の名前は「」で書きます。 -->
{FAQ_ANSWER}

## 手順

1. {FAQ_STEPS[0]}
2. {FAQ_STEPS[1]}
"""

INCIDENT_BODY = f"""
<!-- 概要・影響を受けるお客様・お客様にできることを書いてください。経過は updates に追加します。 -->
{INCIDENT_SUMMARY}

## 影響を受けるお客様

{INCIDENT_AFFECTED}

## お客様にお願いしたいこと

{INCIDENT_ASK}
"""

MAINTENANCE_BODY = f"""
<!-- 作業内容・ご利用いただけないサービス・お客様へのお願いを書いてください。 -->
{MAINTENANCE_WHAT}

## ご利用いただけないサービス

{MAINTENANCE_SERVICES}
"""

REPORT_BODY = f"""
<!-- 何が起きたか・原因・お客様への影響・再発防止策を、お客様の言葉で書いてください。 -->
## 調査結果

{REPORT_FINDINGS}

## 再発防止策

{REPORT_PREVENTION}
"""
