"""gutbrain profile: measured microbiome profiles in (MetaPhlAn or genus tables -> host profile files)."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("profile", help="read a measured microbiome profile into a host profile file")
    verbs = p.add_subparsers(dest="profile_command", metavar="ACTION")
    imp = verbs.add_parser("import", help="MetaPhlAn or genus/abundance table -> a host profile (.toml) that scenarios, "
                                          "trial specs and FMT donors can name")
    imp.add_argument("table", help="MetaPhlAn profile (v2-4, one sample or merged) or a genus<TAB>abundance table")
    imp.add_argument("--name", required=True, help="profile name (letters, digits, _ . -)")
    imp.add_argument("--base", default="healthy", help="host profile whose physiology (diet, stress, traits) the new one keeps "
                                                       "(default healthy)")
    imp.add_argument("--out", help="file to write (default NAME.toml in the current folder)")
    imp.add_argument("--format", default="auto", choices=("auto", "metaphlan", "tsv"), help="table format (default: detect)")
    imp.add_argument("--sample", help="the sample column of a merged MetaPhlAn table")
    imp.add_argument("--force", action="store_true", help="replace an existing output file")
    imp.set_defaults(func=main_import)
    guilds = verbs.add_parser("guilds", help="the genus -> guild table used by import (with sources)")
    guilds.set_defaults(func=main_guilds)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def main_import(args) -> int:
    from pathlib import Path

    import tomli_w

    from ..core.errors import UserInputError
    from ..core.outputs import check_writable, folder_name, write_problem, write_text
    from ..hosts import profile, profile_from_dict
    from ..profiles.mapping import map_to_guilds, profile_table, report_lines
    from ..profiles.tables import read_table

    name = folder_name(args.name, what="--name")
    out = Path(args.out) if args.out else Path(f"{name}.toml")
    if out.suffix != ".toml":
        raise UserInputError(f"--out {str(out)!r} must end in .toml (scenarios name profile files by that suffix)")
    if out.exists() and not args.force:
        raise UserInputError(f"{out} exists; choose another --out or add --force to replace it")
    if out.is_dir():
        raise UserInputError(f"--out {out} is a folder; give a file name ending in .toml")
    base = profile(args.base, where="--base")
    abundance, kind = read_table(args.table, args.format, args.sample)
    mapping = map_to_guilds(abundance, str(args.table))
    table = profile_table(name, base, mapping, f"{Path(args.table).name} (gutbrain profile import, base {base.name})")
    profile_from_dict(name, table[name], str(out))  # the file must load back as a profile
    header = (f"# Host profile written by `gutbrain profile import {Path(args.table).name} --name {name} --base {base.name}`.\n"
              f"# Unmapped share of the sample: {100 * mapping.unmapped_share:.2f} % (left out of the community).\n"
              "# Name this file as a scenario's host, a trial's population or an FMT donor.\n")
    check_writable(out.parent if str(out.parent) else ".")
    try:
        write_text(out, header + tomli_w.dumps(table))
    except OSError as exc:
        raise write_problem(exc, out) from None
    for line in report_lines(mapping, kind, len(abundance)):
        print(line)
    print(f"wrote {out} (host profile {name!r}; use host = \"{out}\" in a scenario)")
    return 0


def main_guilds(args) -> int:
    from ..params import GUILDS
    from ..profiles.mapping import guild_table

    table = guild_table()
    print(f"genus -> guild table version {table.version} (gutbrain_sim/data/genus_guilds.toml)")
    for g in GUILDS:
        genera = sorted(k for k, v in table.genus_to_guild.items() if v == g)
        print(f"{g}: {', '.join(genera)}\n  source: {table.sources[g]}")
    return 0
