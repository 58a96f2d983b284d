"""Deterministic generator of a realistic Japanese FAQ / incident corpus for `scripts/bench`.

Pure: `generate(n, seed)` returns the files (path relative to content/ → text) and the
commits that introduce them (fixed dates); writing them and running git is the caller's job.
Titles and bodies are assembled from a vocabulary of phrases a real お客様相談室 uses, so
page sizes, search tokens and Markdown features (lists, tables, admonitions, links) vary the
way a real site's do rather than repeating one template.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

# "now" of every benchmark build and command: all dates below are before it.
NOW = "2026-11-23T11:00:00+09:00"
JST = timezone(timedelta(hours=9))

# A fixed number of categories, whatever N: the sidebar lists every category on every page, so
# a category count growing with N would make every page (and its render time) grow with N.
# A bigger site has more entries per category (category pages grow, entry pages do not).
DEFAULT_CATEGORIES = 24
INCIDENT_SHARE = 0.02

# (slug, title, owner team, what the category is about)
TOPICS = [
    ("ordering", "ご注文", "cs-ordering", "ご注文の手続きや注文内容の変更"),
    ("payment", "お支払い", "cs-payment", "お支払い方法や請求"),
    ("delivery", "お届け", "cs-logistics", "配送日時やお届け先"),
    ("returns", "返品・交換", "cs-returns", "返品・交換・返金"),
    ("points", "ポイント", "cs-loyalty", "ポイントの獲得と利用"),
    ("account", "会員登録・ログイン", "cs-account", "会員情報やログイン"),
    ("app", "アプリ", "cs-app", "スマートフォンアプリの使い方"),
    ("subscription", "定期便", "cs-subscription", "定期便のお申し込みと変更"),
    ("coupon", "クーポン・キャンペーン", "cs-marketing", "クーポンやキャンペーン"),
    ("gift", "ギフト・のし", "cs-gift", "ギフト包装やのし、メッセージカード"),
    ("store", "店舗受け取り", "cs-store", "店舗やコンビニでの受け取り"),
    ("warranty", "保証・修理", "cs-support", "製品の保証や修理の受付"),
]

# Product lines: categories beyond the topics are "<topic> for <line>" (e.g. 家電のお届け).
LINES = [
    ("food", "食品"),
    ("daily", "日用品"),
    ("kitchen", "キッチン用品"),
    ("appliance", "家電"),
    ("furniture", "家具"),
    ("apparel", "衣料品"),
    ("baby", "ベビー用品"),
    ("pet", "ペット用品"),
    ("beauty", "化粧品"),
    ("frozen", "冷凍食品"),
    ("drink", "飲料"),
    ("stationery", "文房具"),
    ("outdoor", "アウトドア用品"),
    ("garden", "園芸用品"),
    ("book", "書籍"),
    ("health", "健康食品"),
]

MAX_CATEGORIES = len(TOPICS) * (1 + len(LINES))

OBJECTS = [
    "注文",
    "お届け日",
    "お届け先",
    "配送料",
    "クレジットカード",
    "代金引換",
    "コンビニ払い",
    "後払い",
    "領収書",
    "請求書",
    "ポイント",
    "クーポン",
    "会員情報",
    "パスワード",
    "メールアドレス",
    "定期便",
    "ギフト包装",
    "のし",
    "メッセージカード",
    "返品",
    "交換",
    "返金",
    "保証書",
    "アプリ",
    "通知",
    "お気に入り",
    "購入履歴",
    "在庫",
    "予約商品",
    "セット商品",
    "冷凍商品",
    "大型商品",
    "置き配",
    "宅配ボックス",
    "店舗受け取り",
    "マイページ",
    "ログイン",
    "二段階認証",
    "メールマガジン",
    "明細",
]

VERBS = [
    ("変更", "変更できますか"),
    ("キャンセル", "キャンセルできますか"),
    ("確認", "確認するには"),
    ("取り消し", "取り消せますか"),
    ("再発行", "再発行してもらえますか"),
    ("登録", "登録するには"),
    ("解除", "解除するには"),
    ("追加", "追加できますか"),
    ("指定", "指定できますか"),
    ("利用", "利用できますか"),
    ("受け取り", "受け取れますか"),
    ("延期", "延期できますか"),
]

QUESTION_FORMS = [
    "{obj}を{verb_q}？",
    "{obj}の{verb}はできますか？",
    "{line}の{obj}を{verb_q}？",
    "{obj}が{problem}のですが、どうすればよいですか？",
    "{obj}の{verb}の期限はいつまでですか？",
    "{when}、{obj}を{verb_q}？",
    "{obj}について、{line}の場合も同じですか？",
    "{obj}が届かない・表示されないときは？",
]

PROBLEMS = [
    "表示されない",
    "反映されていない",
    "届かない",
    "見つからない",
    "エラーになる",
    "二重になっている",
    "間違っていた",
    "使えない",
]

WHENS = [
    "注文を確定したあとでも",
    "発送後に",
    "セール期間中に",
    "定期便の場合",
    "スマートフォンから",
    "海外から",
    "ギフトとして送る場合",
    "会員登録をしていなくても",
    "ポイントを使った注文で",
]

OPENINGS = [
    "はい、{obj}の{verb}は{where}から行えます。",
    "{obj}の{verb}は、{deadline}まで承っています。",
    "ご不便をおかけしております。{obj}が{problem}場合は、次の点をご確認ください。",
    "{line}の{obj}についても、基本的な手続きは同じです。ただし一部の商品は対象外となります。",
    "{obj}の{verb}をご希望の場合は、{where}からお手続きいただけます。",
    "申し訳ございませんが、{obj}の{verb}は{condition}のみ承っております。",
]

WHERES = [
    "マイページの「ご注文履歴」",
    "アプリの「アカウント」画面",
    "会員ページの「登録情報の変更」",
    "ご注文確認メールのリンク",
    "マイページの「定期便の管理」",
    "アプリの「ポイント」タブ",
]

DEADLINES = [
    "商品の発送準備が始まる前",
    "お届け予定日の3日前の正午",
    "ご注文から30分以内",
    "商品到着後8日以内",
    "毎月10日",
    "発送完了メールが届く前",
]

CONDITIONS = [
    "未開封・未使用の場合",
    "発送前の場合",
    "会員登録済みのお客様",
    "クレジットカードでお支払いの場合",
    "同じ商品への交換の場合",
    "お届けから30日以内の場合",
]

DETAILS = [
    "手続きが完了すると、ご登録のメールアドレスに確認メールが届きます。",
    "メールが届かない場合は、迷惑メールフォルダもご確認ください。",
    "反映までに最大で24時間ほどかかることがあります。",
    "冷凍・冷蔵商品は、品質保持のためお客様都合での返品をお受けできません。",
    "大型商品は、専用の配送業者がお届けするため、日時指定の枠が異なります。",
    "ポイントは、商品の発送完了時に「獲得予定」から「利用可能」に変わります。",
    "セール価格の商品も、通常の商品と同じ条件でお手続きいただけます。",
    "ご家族のアカウントで購入された商品は、購入されたアカウントからお手続きください。",
    "お手続きの内容によっては、担当者から確認のご連絡を差し上げることがあります。",
    "年末年始・大型連休の前後は、通常よりお時間をいただく場合があります。",
    "アプリは最新のバージョンにアップデートしてからお試しください。",
    "一部の地域・離島へのお届けは、追加の配送料と日数がかかります。",
    "返金は、お支払い方法ごとに次のタイミングで行われます。",
    "クーポンは1回のご注文につき1枚までご利用いただけます。",
    "定期便のお届け間隔は、2週間から12週間の間で1週間単位で選べます。",
    "領収書の宛名は、発行前であれば自由に入力できます。",
]

STEPS = [
    "マイページにログインします。",
    "「ご注文履歴」を開きます。",
    "対象のご注文の「詳細」を押します。",
    "「変更する」を選び、内容を入力します。",
    "確認画面で内容を確かめて「確定」を押します。",
    "アプリを開き、右下の「アカウント」を押します。",
    "「設定」から「通知」を選びます。",
    "変更したい項目の右にある「編集」を押します。",
    "最後に「保存」を押すと完了です。",
    "ご登録のメールアドレスに届いた認証コードを入力します。",
]

NOTES = [
    '!!! note "ご注意"\n    お手続きの完了後は、内容を元に戻すことができません。',
    '!!! tip "ヒント"\n    よく使うお届け先は、アドレス帳に登録しておくと次回から選ぶだけで済みます。',
    '!!! warning "詐欺メールにご注意ください"\n    当社がメールでパスワードやカード番号をお尋ねすることはありません。',
]

TABLES = [
    "| お支払い方法 | 返金のタイミング |\n|---|---|\n"
    "| クレジットカード | カード会社の締め日により翌月または翌々月 |\n"
    "| 代金引換 | ご指定の口座へ7営業日以内 |\n"
    "| コンビニ払い | ご指定の口座へ7営業日以内 |\n"
    "| ポイント | 即時に返還 |",
    "| お届け地域 | 最短お届け日 | 配送料 |\n|---|---|---|\n| 関東・中部・関西 | 翌日 | 550円 |\n"
    "| 北海道・九州 | 翌々日 | 880円 |\n| 沖縄・離島 | 3〜5日後 | 1,650円 |",
    "| 会員ランク | ポイント還元率 | 条件 |\n|---|---|---|\n| レギュラー | 1% | 会員登録 |\n"
    "| シルバー | 2% | 年間3万円以上 |\n| ゴールド | 3% | 年間10万円以上 |",
]

TAGS = [
    "注文",
    "変更",
    "キャンセル",
    "支払い",
    "配送",
    "返品",
    "交換",
    "返金",
    "ポイント",
    "クーポン",
    "アプリ",
    "ログイン",
    "会員",
    "定期便",
    "ギフト",
    "領収書",
    "請求書",
    "店舗",
    "保証",
    "セール",
]

PEOPLE = ["@yamada", "@suzuki", "@tanaka", "@sato", "@takahashi", "@ito", "@watanabe", "@nakamura"]

SERVICES = [
    "ご注文手続き",
    "クレジットカード決済",
    "スマートフォンアプリ",
    "マイページ",
    "ポイント",
    "定期便",
    "メール配信",
    "お問い合わせフォーム",
    "店舗受け取り",
    "配送状況の確認",
]

INCIDENT_KINDS = [
    ("login", "アプリにログインしにくい状態", "ログインの処理を行うサーバーの負荷が高まり"),
    ("payment", "クレジットカード決済がご利用いただけない状態", "決済代行会社との通信に問題が生じ"),
    ("delivery", "一部地域でお届けが遅れている状態", "大雨の影響で配送拠点からの出荷が止まり"),
    ("points", "ポイント残高が正しく表示されない状態", "ポイントを集計する処理が遅延し"),
    ("mail", "ご注文確認メールが届きにくい状態", "メール配信サービスで送信の遅延が発生し"),
    (
        "maintenance",
        "定期メンテナンスが予定より延びた状態",
        "データベースの切り替え作業に時間を要し",
    ),
    ("search", "商品検索の結果が表示されない状態", "検索サーバーの設定変更に誤りがあり"),
]

# Fixed dates of the generated git history (an edit is not a review: these are only 最終更新).
COMMIT_DATES = [
    "2024-04-01T10:00:00+09:00",
    "2025-01-15T15:30:00+09:00",
    "2025-09-01T09:00:00+09:00",
    "2026-11-20T18:00:00+09:00",
]


@dataclass
class Corpus:
    files: dict[str, str] = field(default_factory=dict)  # path relative to content/ → text
    commits: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (date, message, paths)
    categories: list[tuple[str, str]] = field(default_factory=list)  # (slug, title) in nav order
    faq_paths: list[str] = field(default_factory=list)
    incident_paths: list[str] = field(default_factory=list)

    def digest(self) -> str:
        """Fingerprint of the files and history: a cached tree is reused only if it matches."""
        hasher = hashlib.sha256()
        for path in sorted(self.files):
            hasher.update(path.encode() + b"\0" + self.files[path].encode() + b"\0")
        hasher.update(repr([(date, sorted(paths)) for date, _, paths in self.commits]).encode())
        return hasher.hexdigest()


def incident_count(n: int) -> int:
    return round(n * INCIDENT_SHARE)


def categories_for(count: int) -> list[tuple[str, str, str, str]]:
    """`count` distinct categories: the plain topics first, then topic × product line."""
    result = [(slug, title, owner, about) for slug, title, owner, about in TOPICS]
    for line_slug, line_title in LINES:
        for slug, title, owner, about in TOPICS:
            result.append((f"{slug}-{line_slug}", f"{line_title}の{title}", owner, f"{line_title}の{about}"))
    if not 1 <= count <= len(result):
        raise ValueError(f"categories: expected 1 to {len(result)}, got {count}")
    return result[:count]


def _yaml_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _front_matter(pairs: list[tuple[str, str]]) -> str:
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in pairs) + "---\n"


def _question(rng: random.Random, line: str) -> str:
    verb, verb_q = rng.choice(VERBS)
    return rng.choice(QUESTION_FORMS).format(
        obj=rng.choice(OBJECTS),
        verb=verb,
        verb_q=verb_q,
        line=line,
        problem=rng.choice(PROBLEMS),
        when=rng.choice(WHENS),
    )


def _answer(rng: random.Random, line: str, path: str = "faq/x/q.md") -> str:
    verb, _ = rng.choice(VERBS)
    fill = {
        "obj": rng.choice(OBJECTS),
        "verb": verb,
        "line": line,
        "where": rng.choice(WHERES),
        "deadline": rng.choice(DEADLINES),
        "problem": rng.choice(PROBLEMS),
        "condition": rng.choice(CONDITIONS),
    }
    blocks = [rng.choice(OPENINGS).format(**fill) + "".join(rng.sample(DETAILS, rng.randint(1, 3)))]
    if rng.random() < 0.7:
        steps = rng.sample(STEPS, rng.randint(3, 5))
        blocks.append("## 手順\n\n" + "\n".join(f"{i}. {step}" for i, step in enumerate(steps, 1)))
    if rng.random() < 0.6:
        blocks.append("## 詳しく\n\n" + "".join(rng.sample(DETAILS, rng.randint(2, 4))))
    if rng.random() < 0.5:
        blocks.append("## ご注意\n\n" + "\n".join(f"- {d}" for d in rng.sample(DETAILS, rng.randint(2, 4))))
    if rng.random() < 0.25:
        blocks.append(rng.choice(TABLES))
    if rng.random() < 0.3:
        blocks.append(rng.choice(NOTES))
    blocks.append(
        rng.choice(["", "".join(rng.sample(DETAILS, 2))])
        + f"解決しない場合は、[お問い合わせ窓口]({'../' * path.count('/')}contact.md)からご相談ください。"
    )
    return "\n\n".join(blocks) + "\n"


def _date(rng: random.Random, first: tuple[int, int], last: tuple[int, int]) -> str:
    """A day between year-month `first` and `last` (inclusive), days 1–28."""
    months = (last[0] - first[0]) * 12 + last[1] - first[1]
    step = rng.randint(0, months)
    year, month = first[0] + (first[1] - 1 + step) // 12, (first[1] - 1 + step) % 12 + 1
    return f"{year:04d}-{month:02d}-{rng.randint(1, 28):02d}"


def _faq(rng: random.Random, path: str, owner: str, line: str, siblings: list[str]) -> str:
    pairs = [("title", _yaml_text(_question(rng, line)))]
    if rng.random() < 0.15:
        pairs.append(("owner", _yaml_text(rng.choice(PEOPLE))))
    # Most were confirmed within the last 180 days; some are due soon or overdue, like a real site.
    reviewed = _date(rng, (2025, 9) if rng.random() < 0.2 else (2026, 6), (2026, 11))
    pairs.append(("reviewed", min(reviewed, "2026-11-20")))  # never after NOW
    if rng.random() < 0.1:
        pairs.append(("review_every", rng.choice(["90d", "12w", "365d"])))
    pairs.append(("tags", "[" + ", ".join(rng.sample(TAGS, rng.randint(1, 3))) + "]"))
    others = [p for p in siblings if p != path]
    if others and rng.random() < 0.3:
        pairs.append(
            (
                "related",
                "[" + ", ".join(rng.sample(others, min(len(others), rng.randint(1, 2)))) + "]",
            )
        )
    return _front_matter(pairs) + "\n" + _answer(rng, line, path)


def _incident(rng: random.Random, number: int, ongoing: bool) -> tuple[str, str]:
    kind, what, cause = rng.choice(INCIDENT_KINDS)
    impact = rng.choices(["minor", "major", "critical"], weights=[6, 3, 1])[0]
    if ongoing:
        started = datetime(2026, 11, 23, 9, rng.randint(0, 20), tzinfo=JST)
    else:
        day = _date(rng, (2023, 12), (2026, 10))
        started = datetime.fromisoformat(day).replace(hour=rng.randint(0, 20), minute=rng.randint(0, 59), tzinfo=JST)
    day = started.date().isoformat()
    statuses = ["investigating", "identified"] if ongoing else ["investigating", "identified", "monitoring", "resolved"]
    updates = []
    moment = started
    for status in statuses:
        moment += timedelta(minutes=rng.randint(10, 50))
        at = moment.isoformat()
        text = {
            "investigating": f"現在、{what}が発生しています。原因を調査しております。",
            "identified": f"{cause}、{what}となっていることが判明しました。復旧作業を進めています。",
            "monitoring": "復旧のための対応を行いました。正常に動作しているかを監視しています。",
            "resolved": "安定して動作していることを確認し、復旧といたしました。"
            "ご迷惑をおかけし申し訳ございませんでした。",
        }[status]
        updates.append((at, status, text))
    pairs = [
        ("title", _yaml_text(f"{what}について" + ("" if ongoing else "（復旧済み）"))),
        ("owner", rng.choice(["cs-web", "cs-ordering", "cs-logistics", "cs-app"])),
        ("status", statuses[-1]),
        ("impact", impact),
        ("started", started.isoformat()),
        ("affected", "[" + ", ".join(rng.sample(SERVICES, rng.randint(1, 3))) + "]"),
    ]
    if ongoing:
        pairs.append(("next_update", "2026-11-23T12:00:00+09:00"))
    else:
        pairs.append(("resolved_at", updates[-1][0]))
        if rng.random() < 0.5:
            pairs.append(("report", f"https://www.midori-seikatsu.example/news/{day}-{kind}"))
    text = _front_matter(pairs)
    listed = "".join(
        f"  - at: {at}\n    status: {status}\n    text: {_yaml_text(body)}\n" for at, status, body in updates
    )
    text = text[: -len("---\n")] + "updates:\n" + listed + "---\n"
    body = (
        f"{day[:4]}年{int(day[5:7])}月{int(day[8:])}日、{what}となりました。"
        "影響を受けたお客様には個別にご連絡しています。\n"
    )
    return f"incidents/{day}-{kind}-{number:04d}.md", text + "\n" + body


# Subcategory (小分類) titles of the `--subcategories` layout, in order
SUBCATEGORY_TITLES = [
    "基本",
    "手続き",
    "料金",
    "変更",
    "トラブル",
    "よくある誤解",
    "法人のお客様",
    "キャンペーン",
    "アプリ",
    "その他",
]


def generate(n: int, seed: int = 7, categories: int = DEFAULT_CATEGORIES, subcategories: int = 0) -> Corpus:
    """A site of `n` entries: about 2% incidents (one ongoing), the rest FAQ entries spread
    evenly over `categories` categories (fewer if there are fewer entries), each with an
    index.md naming its owner; plus home and contact. `subcategories` > 0: each category's
    entries are spread evenly over that many subcategories (大分類・小分類,
    faq/<category>/s01/…), each with an index.md (title and description, owner inherited)."""
    if not 0 <= subcategories <= len(SUBCATEGORY_TITLES):
        raise ValueError(f"subcategories: expected 0 to {len(SUBCATEGORY_TITLES)}, got {subcategories}")
    if n < 1:
        raise ValueError("n must be at least 1")
    rng = random.Random(seed)
    corpus = Corpus()
    incidents = incident_count(n)
    faq = n - incidents
    chosen = categories_for(categories)[: max(1, faq)]
    corpus.categories = [(slug, title) for slug, title, _, _ in chosen]

    corpus.files["index.md"] = (
        _front_matter(
            [
                ("title", "みどり生活ストア お客様相談室"),
                ("reviewed", "2026-11-02"),
                ("owner", "cs-web"),
            ]
        )
        + "\nご注文・お届け・ポイントなどのよくあるご質問は、"
        "検索窓にキーワードを入れて探すか、カテゴリからお選びください。\n"
    )
    corpus.files["contact.md"] = _front_matter(
        [("title", "お問い合わせ窓口"), ("reviewed", "2026-10-15"), ("owner", "cs-web")]
    ) + (
        "\nよくあるご質問で解決しない場合は、以下の窓口へご連絡ください。\n\n"
        "| 窓口 | 連絡先 | 受付時間 |\n|---|---|---|\n"
        "| お電話 | 0120-123-456（通話料無料） | 平日 9:00–18:00 |\n"
        "| メール | support@midori-seikatsu.example | 24時間受付 |\n"
    )
    if incidents:
        corpus.files["incidents/index.md"] = _front_matter([("title", "障害・メンテナンス情報")]) + (
            "\nシステム障害やメンテナンスの状況をお知らせしています。\n"
        )

    per_category = [faq // len(chosen) + (1 if i < faq % len(chosen) else 0) for i in range(len(chosen))]
    for (slug, title, owner, about), count in zip(chosen, per_category, strict=True):
        line = title.split("の")[0] if "の" in title else "通常商品"
        corpus.files[f"faq/{slug}/index.md"] = (
            _front_matter(
                [
                    ("title", _yaml_text(title)),
                    ("description", _yaml_text(f"{about}についてのご質問です。")),
                    ("owner", owner),
                ]
            )
            + f"\n{about}についてのよくあるご質問をまとめています。\n"
        )
        if subcategories:
            folders = [f"faq/{slug}/s{j + 1:02d}" for j in range(subcategories)]
            for j, folder in enumerate(folders):
                sub_title = SUBCATEGORY_TITLES[j]
                corpus.files[f"{folder}/index.md"] = _front_matter(
                    [
                        ("title", _yaml_text(sub_title)),
                        ("description", _yaml_text(f"{about}の{sub_title}についてのご質問です。")),
                    ]
                )
            paths = [f"{folders[i % subcategories]}/q{i:04d}.md" for i in range(count)]
        else:
            paths = [f"faq/{slug}/q{i:04d}.md" for i in range(count)]
        for path in paths:
            corpus.files[path] = _faq(rng, path, owner, line, paths[:50])
        corpus.faq_paths.extend(paths)

    for number in range(incidents):
        path, text = _incident(rng, number, ongoing=(number == incidents - 1))
        corpus.files[path] = text
        corpus.incident_paths.append(path)

    # History: the site grew over three commits, then a batch of edits (not reviews) last week.
    ordered = sorted(corpus.files)
    thirds = [ordered[i::3] for i in range(3)]
    corpus.commits = [
        (COMMIT_DATES[0], "FAQ: 初版", thirds[0]),
        (COMMIT_DATES[1], "FAQ: 項目の追加", thirds[1]),
        (COMMIT_DATES[2], "FAQ: 項目の追加", thirds[2]),
        (
            COMMIT_DATES[3],
            "FAQ: 表記の統一",
            rng.sample(corpus.faq_paths, max(1, len(corpus.faq_paths) // 20)),
        ),
    ]
    return corpus


def touched(text: str) -> str:
    """The small edit of the last commit (a wording fix, not a review)."""
    return text.replace("ください。", "くださいませ。", 1) if "ください。" in text else text + "\n"
