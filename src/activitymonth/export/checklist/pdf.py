"""The checklist as PDF: the HTML page laid out by WeasyPrint.

The PDF is the HTML checklist printed, so the two never disagree. WeasyPrint embeds the
fonts it uses as subsets and keeps the text searchable; page numbers come from the
stylesheet's ``counter(page)`` / ``counter(pages)``. Without a Chinese font every 汉字
would print as an empty box, so a machine without one fails up front with the package
to install instead of producing an unreadable file.
"""

from __future__ import annotations

import shutil
import subprocess
from types import ModuleType

from activitymonth.collector import collector_paused
from activitymonth.export.checklist.errors import RendererUnavailableError
from activitymonth.export.checklist.html import checklist_html
from activitymonth.export.checklist.model import Checklist
from activitymonth.i18n import Lang, Text

# 61.x breaks with the pydyf that pip installs today (its pin is open); 63.0 is tested.
WEASYPRINT_REQUIREMENT = "weasyprint>=63"
FONT_PACKAGE = "fonts-noto-cjk"


def render_pdf(checklist: Checklist, lang: Lang = "zh") -> bytes:
    require_cjk_font()  # first: importing WeasyPrint already reads the font configuration
    weasyprint = _weasyprint()
    page = checklist_html(checklist, lang)
    # WeasyPrint keeps every box of every page until the file is written: a county's 200
    # pages are millions of objects that full collections would scan again and again.
    with collector_paused():
        return weasyprint.HTML(string=page).write_pdf()


def cjk_font_families() -> list[str]:
    """Font families fontconfig offers for Chinese: the fonts WeasyPrint (through Pango)
    can choose from. Empty when there is none, or no fontconfig at all."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    result = subprocess.run(
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False, timeout=60
    )
    return sorted({line.split(",")[0].strip() for line in result.stdout.splitlines()} - {""})


def require_cjk_font() -> None:
    """Fail before rendering when no Chinese font is installed (or fontconfig, which
    WeasyPrint finds fonts with, is missing)."""
    if shutil.which("fc-list") is None:
        raise RendererUnavailableError(
            Text(
                "找不到 fc-list（fontconfig），无法确认是否安装了中文字体",
                "fc-list (fontconfig) is not installed, so Chinese fonts cannot be found",
            ),
            _install("fontconfig", FONT_PACKAGE),
        )
    if not cjk_font_families():
        raise RendererUnavailableError(
            Text(
                "没有找到中文字体（fc-list :lang=zh 无结果），PDF 中的汉字将无法显示",
                "no Chinese font found (fc-list :lang=zh lists nothing); "
                "the PDF's Chinese text would not show",
            ),
            _install(FONT_PACKAGE),
        )


def _install(*packages: str) -> Text:
    names = " ".join(packages)
    return Text(
        f"安装 Debian 软件包 {names}：sudo apt-get install {names}",
        f"install the Debian package(s) {names}: sudo apt-get install {names}",
    )


def _weasyprint() -> ModuleType:
    """Import WeasyPrint here, not at module load: it is optional, slow to import, and
    fails when its system libraries (Pango) are missing."""
    try:
        import weasyprint
    except ImportError:
        raise RendererUnavailableError(
            Text("写 PDF 需要 WeasyPrint，但它没有安装", "writing PDF needs WeasyPrint"),
            Text(
                f"安装：pip install '{WEASYPRINT_REQUIREMENT}'",
                f"install it: pip install '{WEASYPRINT_REQUIREMENT}'",
            ),
        ) from None
    except OSError as error:
        raise RendererUnavailableError(
            Text(
                f"WeasyPrint 找不到所需的系统库：{error}",
                f"WeasyPrint cannot load a system library it needs: {error}",
            ),
            _install("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"),
        ) from None
    return weasyprint
