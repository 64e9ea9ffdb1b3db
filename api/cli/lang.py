"""The command line's language: Vietnamese by default, English with `CONGVAN_LANG=en`.

Every text the CLI shows (help, prompts, messages, table headings) is written in both languages
and chosen once, when the CLI starts, with `t(vi, en)`. Typer's and Click's own words (the
"Usage:" line, panel titles, the help option, "[default: …]", errors such as "Missing
command.") are put in the same language by `localize_click()`.
"""

from __future__ import annotations

import os

#: The languages the CLI speaks; the first is the default.
LANGUAGES = ("vi", "en")


def language(environ: dict[str, str] | None = None) -> str:
    """The CLI's language from CONGVAN_LANG ("vi" or "en"; anything else: Vietnamese)."""
    value = (environ if environ is not None else os.environ).get("CONGVAN_LANG", "")
    code = value.strip().lower().replace("-", "_").split("_")[0]
    return code if code in LANGUAGES else LANGUAGES[0]


#: The language of this run.
LANG = language()


def t(vi: str, en: str) -> str:
    """The text in the run's language."""
    return en if LANG == "en" else vi


def count_en(number: int, noun: str) -> str:
    """An English count: "1 file", "3 files"."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


#: Typer's and Click's own words, in Vietnamese (English is what they already say).
CLICK_VI = {
    "Arguments": "Đối số",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Error": "Lỗi",
    "Aborted.": "Đã hủy.",
    "Aborted!": "Đã hủy!",
    "(deprecated) ": "(không còn dùng) ",
    "[default: {}]": "[mặc định: {}]",
    "[env var: {}]": "[biến môi trường: {}]",
    "[required]": "[bắt buộc]",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "required": "bắt buộc",
    "(dynamic)": "(tùy lúc chạy)",
    "Missing command.": "Thiếu lệnh.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "Try [blue]'{command_path} {help_option}'[/] for help.":
        "Xem [blue]'{command_path} {help_option}'[/] để được hướng dẫn.",
}


def _vi(text: str) -> str:
    return CLICK_VI.get(text, text)


def localize_click() -> None:
    """Put Typer's and Click's own words in the run's language (nothing to do for English)."""
    if LANG == "en":
        return
    import typer.core
    import typer.rich_utils as rich_utils
    from typer._click import core as click_core
    from typer._click import formatting

    setattr(typer.core, "_", _vi)  # noqa: B010 - Typer's gettext, for its help and errors
    for name in ("DEPRECATED_STRING", "DEFAULT_STRING", "ENVVAR_STRING", "REQUIRED_LONG_STRING",
                 "ARGUMENTS_PANEL_TITLE", "OPTIONS_PANEL_TITLE", "COMMANDS_PANEL_TITLE",
                 "ERRORS_PANEL_TITLE", "ABORTED_TEXT", "RICH_HELP"):
        setattr(rich_utils, name, _vi(getattr(rich_utils, name)))
    setattr(rich_utils.highlighter, "highlights", [  # noqa: B010 - this instance only
        h.replace("(?P<usage>Usage: )", "(?P<usage>Cách dùng: )")
        for h in rich_utils.highlighter.highlights])

    write_usage = formatting.HelpFormatter.write_usage

    def usage_vi(self: formatting.HelpFormatter, prog: str, args: str = "",
                 prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", "[TÙY-CHỌN]").replace("COMMAND [ARGS]...",
                                                               "LỆNH [ĐỐI-SỐ]...")
        write_usage(self, prog, args, "Cách dùng: " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = usage_vi  # type: ignore[method-assign]
    get_help_option = click_core.Command.get_help_option

    def help_option_vi(self: click_core.Command, ctx: click_core.Context) -> object:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = "Hiện hướng dẫn này rồi thoát."
        return option

    click_core.Command.get_help_option = help_option_vi  # type: ignore[assignment,method-assign]
