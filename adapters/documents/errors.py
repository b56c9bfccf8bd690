"""Errors of the document adapter (each says what to do)."""

from __future__ import annotations

from regsync.core.errors import CoreError


class DocumentError(CoreError):
    """Root of the document adapter's errors."""


class CjkFontMissing(DocumentError):
    zh = "找不到可嵌入PDF的中文字体（已查找：{searched}）；请安装 fonts-wqy-zenhei（Debian：apt-get install fonts-wqy-zenhei），或设置环境变量 REGSYNC_CJK_FONT 为一个 TrueType 字体文件（.ttf 或 .ttc）的路径"
    en = "no Chinese font that can be embedded in a PDF was found (searched: {searched}); install fonts-wqy-zenhei (Debian: apt-get install fonts-wqy-zenhei) or set REGSYNC_CJK_FONT to the path of a TrueType font file (.ttf or .ttc)"


class CjkFontUnusable(DocumentError):
    zh = "字体文件 {path} 无法使用：{reason}；请改用 TrueType 轮廓的字体（如文泉驿正黑 wqy-zenhei.ttc），或不设置 REGSYNC_CJK_FONT"
    en = "the font file {path} cannot be used: {reason}; use a font with TrueType outlines (such as wqy-zenhei.ttc) or unset REGSYNC_CJK_FONT"


class OutputNotWritable(DocumentError):
    zh = "无法写入 {path}：{reason}；请检查目录是否存在、是否有写权限，或换一个输出路径"
    en = "cannot write {path}: {reason}; check that the folder exists and is writable, or choose another output path"


class CannotLayOut(DocumentError):
    zh = "无法排版：某个字段内容过长，一页放不下（{reason}）；请缩短该字段后重新打印"
    en = "cannot lay out the document: a field is too long to fit on a page ({reason}); shorten it and print again"
