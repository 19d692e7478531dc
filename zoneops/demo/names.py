"""Fictional people and company names for the demo zone (pure functions of a random stream).

Every name here is made up from common characters; a short list keeps well-known Qinghai
brands out, so a demo enterprise is never mistaken for a real one.
"""

from __future__ import annotations

import random

# Common surnames, weighted roughly as in Qinghai (马, 韩 and 祁 are more frequent there).
_SURNAMES = (
    ("王", 9), ("李", 9), ("张", 8), ("马", 8), ("刘", 6), ("陈", 5), ("杨", 5), ("赵", 4),
    ("韩", 3), ("祁", 2), ("周", 3), ("吴", 2), ("徐", 2), ("孙", 2), ("朱", 2), ("胡", 2),
    ("郭", 2), ("何", 2), ("高", 2), ("罗", 2), ("冶", 1), ("鲁", 1), ("汪", 1), ("苏", 1),
    ("魏", 1), ("董", 1), ("田", 1), ("谢", 1), ("蒲", 1), ("包", 1), ("白", 1), ("贾", 1),
)  # fmt: skip
# Given-name characters, by the names they are usual in, so a name does not mix the two.
_GIVEN_MALE = tuple(
    "建国军伟强磊洋勇峰涛斌辉鹏杰明亮波刚超文海华平林东志永福德成宏新学庆彦瑞鑫忠全良俊凯宇航晨浩博远卫占世金"
)
_GIVEN_FEMALE = tuple("红英芳丽娟敏静霞燕玲婷雪梅兰琴晓春秀玉宁青蓉欣璐佳慧颖蕾倩娜艳萍云霖思")
# Tibetan names have no surname: two common elements form the whole name.
_TIBETAN_MALE = (
    "才让",
    "多杰",
    "索南",
    "扎西",
    "更登",
    "旦正",
    "尼玛",
    "桑杰",
    "华旦",
    "仁青",
    "东主",
)
_TIBETAN_FEMALE = ("卓玛", "拉毛", "措毛", "吉毛", "才吉", "央金", "德吉")

# Characters that make a company's trade name (字号); pairs never repeat a character.
_BRAND_FIRST = tuple(
    "泓昊晟瑞恒嘉锦博睿景祥润丰诚远卓凯汇峰湟柏铭骏融辰宸曜朗启拓澜瀚弘茂钧岳峻屹瑾禾璟珩沣煦霖琨皓亦昱耀翔旭隆浩鼎益"
)
_BRAND_SECOND = tuple(
    "源泰华宏达信越盛川星德和元海晖通安成坤昇辉豪伟腾阳峰驰博泽航尚逸鸿誉嘉麟瑞丰远岩溪桥原宇兴利鑫祺立创升康顺晨熙禧"
)
# Well-known brands of the region and of the industries it hosts: never generated.
_REAL_BRANDS = frozenset(
    {
        "盐湖", "泰丰", "丽豪", "黄河", "中信", "西部", "华鼎", "互助", "雪舟", "圣源", "藏羊",
        "金诃", "晶珠", "久美", "柴达", "天合", "高景", "弗迪", "晶阳", "亚硅", "鲁能", "藏格",
        "五矿", "汇信", "西矿", "西钢", "锦泰", "恒信", "百通", "诺德", "阳光", "隆基", "通威",
        "宁德", "比亚", "时代", "宏达", "华泰", "泰和", "华信", "中利", "正平", "三江", "恒泰",
        "鼎泰", "恒源", "嘉源", "瑞达", "博源", "弘华", "益康", "泓达", "海华", "远达", "鼎盛",
        "恒达", "恒通", "隆盛", "昊华", "汇通", "旭阳", "丰源", "鑫泰", "启元", "鼎和", "博华",
    }
)  # fmt: skip


def weighted_choice(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    """One value from (value, weight) pairs."""
    values = [value for value, _ in pairs]
    weights = [weight for _, weight in pairs]
    return rng.choices(values, weights=weights)[0]


def person_name(rng: random.Random) -> str:
    """A fictional full name: a surname and one or two given characters, or a Tibetan name."""
    female = rng.random() < 0.45
    if rng.random() < 0.08:
        return rng.choice(_TIBETAN_MALE) + rng.choice(_TIBETAN_FEMALE if female else _TIBETAN_MALE)
    given = _GIVEN_FEMALE if female else _GIVEN_MALE
    surname = weighted_choice(rng, _SURNAMES)
    if rng.random() < 0.35:
        return surname + rng.choice(given)
    return surname + rng.choice(given) + rng.choice(given)


def mobile(rng: random.Random) -> str:
    """A mobile-number-shaped string (fictional)."""
    prefix = rng.choice(("139", "138", "137", "135", "158", "187", "189", "177", "133", "199"))
    return prefix + f"{rng.randrange(10**8):08d}"


def landline(rng: random.Random) -> str:
    """A Xining office number (area code 0971)."""
    return f"0971-{rng.choice('5678')}{rng.randrange(10**6):06d}"


def brand(rng: random.Random, taken: set[str]) -> str:
    """A fresh two-character trade name (字号), unique within ``taken`` and not a real brand."""
    while True:
        first = rng.choice(_BRAND_FIRST)
        second = rng.choice(_BRAND_SECOND)
        name = first + second
        if first != second and name not in taken and name not in _REAL_BRANDS:
            taken.add(name)
            return name
