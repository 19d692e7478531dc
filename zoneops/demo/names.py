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
)
_GIVEN = (
    "建 国 军 伟 强 磊 洋 勇 峰 涛 斌 辉 鹏 杰 明 亮 波 刚 超 文 海 华 平 林 东 红 英 芳 丽 娟 "
    "敏 静 霞 燕 玲 婷 雪 梅 兰 琴 晓 春 秀 玉 志 永 福 德 成 宏 新 国 学 庆 彦 瑞 鑫 宁 青 蓉 "
    "忠 全 良 俊 凯 宇 航 晨 欣 璐 佳 慧 颖 蕾 倩 娜 艳 萍 云 霖 煜 浩 博 思 远 卫 占 世 金"
).split()
# Tibetan names have no surname: two common elements form the whole name.
_TIBETAN = "才让 多杰 索南 扎西 卓玛 拉毛 更登 旦正 尼玛 桑杰 华旦 仁青 措毛 吉太 完玛 东主".split()

# Characters that make a company's trade name (字号); pairs never repeat a character.
_BRAND_FIRST = (
    "泓 昊 晟 瑞 恒 嘉 锦 博 睿 景 祥 润 丰 诚 远 卓 凯 汇 峰 湟 柏 铭 骏 融 辰 宸 曜 朗 "
    "启 拓 澜 瀚 弘 茂 钧 岳 峻 屹 瑾 禾 璟 珩 沣 煦 霖 琨 皓 亦 昱 耀 翔 旭 隆 浩 鼎 益"
).split()
_BRAND_SECOND = (
    "源 泰 华 宏 达 信 越 盛 川 星 德 和 元 海 晖 通 安 成 坤 昇 辉 豪 伟 腾 阳 峰 驰 博 "
    "泽 航 尚 逸 鸿 誉 嘉 麟 瑞 丰 远 岩 溪 桥 原 宇 兴 利 鑫 祺 立 创 升 康 顺 晨 熙 禧"
).split()
# Well-known brands of the region and of the industries it hosts: never generated.
_REAL_BRANDS = frozenset(
    "盐湖 泰丰 丽豪 黄河 中信 西部 华鼎 互助 雪舟 圣源 藏羊 金诃 晶珠 久美 柴达 天合 高景 "
    "弗迪 晶阳 亚硅 鲁能 藏格 五矿 汇信 西矿 西钢 锦泰 恒信 百通 诺德 阳光 隆基 通威 宁德 "
    "比亚 时代 宏达 华泰 泰和 华信 中利 正平 三江 恒泰 鼎泰 恒源 嘉源 瑞达 博源 弘华 益康 "
    "泓达 海华 远达 鼎盛 恒达 恒通 隆盛 昊华 汇通 旭阳 丰源 鑫泰 启元 鼎和 博华".split()
)


def weighted_choice(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    """One value from (value, weight) pairs."""
    values = [value for value, _ in pairs]
    weights = [weight for _, weight in pairs]
    return rng.choices(values, weights=weights)[0]


def person_name(rng: random.Random) -> str:
    """A fictional full name: a surname and one or two given characters, or a Tibetan name."""
    if rng.random() < 0.08:
        first, second = rng.sample(_TIBETAN, 2)
        return first + second
    surname = weighted_choice(rng, _SURNAMES)
    if rng.random() < 0.35:
        return surname + rng.choice(_GIVEN)
    return surname + rng.choice(_GIVEN) + rng.choice(_GIVEN)


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
