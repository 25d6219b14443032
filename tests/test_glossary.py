"""The Chinese edition uses the glossary's terms, not the variants the glossary rules out.

Each entry is a clear case from the 分歧与建议 column of the glossary (GLOSSARY.zh.md,
kept beside the project): a term some Chinese edition of the books uses, the pattern
that finds it (leaving the contexts where the word is right), and the term to use.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

AVOID = [
    (r"密集层", "全连接层 (dense layer)"),
    (r"层级", "层 (layer); Adding Layers is 添加层"),
    (r"偏差(?!校正|-方差|—方差)", "偏置 (bias); 偏差 only for statistical bias: 偏差校正"),
    (r"教师标签|监督数据|正确解标签", "标签 (label), or 目标值 in regression"),
    (r"培训", "训练 (training)"),
    (r"正向传播|正演", "前向传播 (forward propagation)"),
    (r"链规则", "链式法则 (chain rule)"),
    (r"梯度确认", "梯度检验 (gradient check)"),
    (r"正规化", "归一化 (normalization), not to be confused with 正则化"),
    (r"迭代周期", "轮 (epoch): 迭代 is one parameter update"),
    (r"平均平方误差|(?<!平)均绝对误差", "均方误差 (MSE), 平均绝对误差 (MAE)"),
    (r"交叉熵误差", "交叉熵损失 (cross-entropy loss)"),
    (r"丢弃法|(?<!又称)随机失活", "暂退法 (dropout), first as 暂退法（dropout，又称随机失活）"),
    (r"S ?型函数", "sigmoid 函数"),
    (r"回归精度", "回归准确率 (regression accuracy): 精度 is a float's precision"),
    (r"每个元素乘法", "按元素乘法 (element-wise multiplication)"),
    (r"更新策略", "优化器 (optimizer)"),
]


def chinese_texts() -> dict[str, str]:
    """Every Chinese document, notebook (its markdown) and message catalogue, by name."""
    texts = {}
    for path in sorted([*ROOT.glob("*.zh.md"), *ROOT.glob("docs/*.zh.md")]):
        texts[path.relative_to(ROOT).as_posix()] = path.read_text(encoding="utf-8")
    for path in sorted([*ROOT.glob("notebooks/zh/*.ipynb"), *ROOT.glob("presenter/zh/*.ipynb")]):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        markdown = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
        texts[path.relative_to(ROOT).as_posix()] = "\n".join(markdown)
    for path in sorted(ROOT.glob("nnbook/zh/**/*.json")):
        entries = json.loads(path.read_text(encoding="utf-8"))
        texts[path.relative_to(ROOT).as_posix()] = "\n".join(map(str, entries.values()))
    return texts


def misused(text: str) -> list[str]:
    """Each ruled-out term in `text`, with its line and the term to use instead."""
    return [
        f"line {text.count(chr(10), 0, found.start()) + 1}: “{found[0]}”, use {advice}"
        for pattern, advice in AVOID
        for found in re.finditer(pattern, text)
    ]


def test_the_chinese_documents_exist():
    assert {"README.zh.md", "docs/teaching.zh.md", "presenter/zh/sine_fit.ipynb"} <= set(
        chinese_texts()
    )


@pytest.mark.parametrize("name", sorted(chinese_texts()))
def test_no_term_the_glossary_rules_out(name):
    assert misused(chinese_texts()[name]) == [], name


def test_the_check_finds_the_ruled_out_terms_and_spares_the_right_uses():
    text = "密集层的偏差\n训练迭代周期\n偏差校正与偏差-方差权衡，平均绝对误差\n"
    text += "暂退法（dropout，又称随机失活）"
    assert misused(text) == [
        "line 1: “密集层”, use 全连接层 (dense layer)",
        "line 1: “偏差”, use 偏置 (bias); 偏差 only for statistical bias: 偏差校正",
        "line 2: “迭代周期”, use 轮 (epoch): 迭代 is one parameter update",
    ]
