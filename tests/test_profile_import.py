"""`gutbrain profile import`: measured microbiome tables -> host profile files that runs can name."""

import hashlib
import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from gutbrain_sim.core.errors import UserInputError
from gutbrain_sim.hosts import donor_composition, profile, profiles
from gutbrain_sim.params import GUILDS
from gutbrain_sim.profiles.mapping import BELOW_DETECTION_SHARE, guild_table, map_to_guilds
from gutbrain_sim.profiles.tables import read_table

EXAMPLES = resources.files("gutbrain_sim").joinpath("data/profiles")


def gutbrain(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=600)


def one_line_error(r, *needles):
    assert r.returncode == 2, r.stdout + r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    for n in needles:
        assert n in lines[0], lines[0]


def test_known_table_maps_genera_to_guilds_and_reports_the_unmapped_share(tmp_path):
    # 65 % mapped: lacto 2 (two genera, old and new names), bifido 5, butyrate 15, bacteroides 40, pathobionts 3
    f = tmp_path / "known.tsv"
    f.write_text("genus\tpercent\nBacteroides\t30\nPhocaeicola\t10\nFaecalibacterium\t10\nroseburia\t5\nBifidobacterium\t5\n"
                 "Lactobacillus\t1\nLacticaseibacillus\t1\nEscherichia-Shigella\t3\nAkkermansia\t20\nBlautia\t15\n")
    abundance, kind = read_table(f)
    m = map_to_guilds(abundance, str(f))
    assert kind == "tsv"
    assert m.composition == pytest.approx([2 / 65, 5 / 65, 15 / 65, 40 / 65, 3 / 65], abs=2e-6)
    assert m.unmapped_share == pytest.approx(0.35)
    assert m.unmapped_top[0] == ("Akkermansia", pytest.approx(0.20))


def test_metaphlan_uses_genus_rows_only_and_sums_species_when_there_are_none(tmp_path):
    lines = ["#mpa_v31\n#clade_name\tNCBI_tax_id\trelative_abundance\tadditional_species\n",
             "k__Bacteria\t2\t100\t\n", "k__Bacteria|p__Bacteroidetes\t976\t60\t\n",
             "k__Bacteria|p__Bacteroidetes|c__Bacteroidia|o__Bacteroidales|f__Bacteroidaceae|g__Bacteroides\t816\t60\t\n",
             "k__Bacteria|p__Bacteroidetes|c__Bacteroidia|o__Bacteroidales|f__Bacteroidaceae|g__Bacteroides|s__Bacteroides_uniformis\t820\t60\t\n",
             "k__Bacteria|p__Firmicutes|c__Clostridia|o__Eubacteriales|f__Oscillospiraceae|g__Faecalibacterium\t216851\t40\t\n",
             "k__Bacteria|p__Firmicutes|c__Clostridia|o__Eubacteriales|f__Oscillospiraceae|g__Faecalibacterium|s__Faecalibacterium_prausnitzii\t853\t40\t\n"]
    f = tmp_path / "p.txt"
    f.write_text("".join(lines))
    abundance, kind = read_table(f)
    assert kind == "metaphlan" and abundance == {"Bacteroides": 60.0, "Faecalibacterium": 40.0}  # no double counting
    species_only = tmp_path / "s.txt"
    species_only.write_text("".join(ln for ln in lines if "s__" in ln or ln.startswith("#")))
    assert read_table(species_only)[0] == {"Bacteroides": 60.0, "Faecalibacterium": 40.0}
    comp = map_to_guilds(abundance, "p").composition
    # guilds the profile does not detect start at the detection floor, not at zero
    assert comp[GUILDS.index("lactobacillus")] == pytest.approx(BELOW_DETECTION_SHARE / (1 + 3 * BELOW_DETECTION_SHARE), rel=1e-3)
    assert comp[GUILDS.index("bacteroides")] > comp[GUILDS.index("butyrate_producers")] > 0.3


def test_merged_metaphlan_table_needs_a_sample_and_reads_the_chosen_one(tmp_path):
    f = tmp_path / "merged.txt"
    f.write_text("clade_name\tpatient_a\tpatient_b\nk__Bacteria|p__Bacteroidetes|c__B|o__B|f__B|g__Bacteroides\t70\t20\n"
                 "k__Bacteria|p__Proteobacteria|c__G|o__E|f__Enterobacteriaceae|g__Escherichia\t30\t80\n")
    with pytest.raises(UserInputError, match="--sample"):
        read_table(f)
    assert read_table(f, sample="patient_b")[0] == {"Bacteroides": 20.0, "Escherichia": 80.0}
    with pytest.raises(UserInputError, match="patient_a"):
        read_table(f, sample="patient_c")


@pytest.mark.parametrize("example, base", [("healthy_adult_genus.tsv", "healthy"), ("mdd_like_metaphlan.txt", "mdd")])
def test_shipped_examples_give_back_their_packaged_community_and_run(tmp_path, example, base):
    out = tmp_path / f"{base}_example.toml"
    r = gutbrain("profile", "import", str(EXAMPLES.joinpath(example)), "--name", f"{base}_example", "--base", base, "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "unmapped" in r.stdout and "% of the sample" in r.stdout
    imported = profile(str(out))
    packaged = profiles()[base]
    assert imported.composition == pytest.approx(packaged.composition, abs=1e-6)
    assert imported.params == packaged.params and imported.episode_hamd == packaged.episode_hamd
    # the same seed on the imported profile and on the packaged one: the same person, number for number
    summaries = []
    for host in (str(out), base):
        sc = tmp_path / f"sc_{len(summaries)}.toml"
        sc.write_text(f'name = "imported"\nduration_days = 1\nseed = 4\nhost = "{host}"\n')
        run = gutbrain("run", str(sc), "--out", str(tmp_path / f"run{len(summaries)}"), "--record", "summary")
        assert run.returncode == 0, run.stderr
        summaries.append(json.loads((tmp_path / f"run{len(summaries)}" / "summary.json").read_text()))
    assert summaries[0]["final_composition"] == summaries[1]["final_composition"]
    assert summaries[0]["metrics"] == summaries[1]["metrics"]
    record = json.loads((tmp_path / "run0" / "provenance.json").read_text())["host_profile_file"]
    assert record["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert record["composition"] == pytest.approx(packaged.composition, abs=1e-6)


def test_an_imported_profile_serves_as_an_fmt_donor(tmp_path):
    f = tmp_path / "donor.tsv"
    f.write_text("Bacteroides\t50\nFaecalibacterium\t50\n")
    out = tmp_path / "donor.toml"
    assert gutbrain("profile", "import", str(f), "--name", "donor", "--out", str(out)).returncode == 0
    comp = donor_composition(str(out))
    assert comp.sum() == pytest.approx(1.0)
    assert comp[GUILDS.index("bacteroides")] == pytest.approx(comp[GUILDS.index("butyrate_producers")])
    assert comp[GUILDS.index("pathobionts")] < 0.01


@pytest.mark.parametrize("content, args, needles", [
    ("", [], ["no rows"]),
    ("Bacteroides\t-3\n", [], ["non-negative"]),
    ("genus\tpercent\nBacteroides\tlots\nFaecalibacterium\t3\n", [], ["line 2", "not a number"]),
    ("Akkermansia\t50\nBlautia\t50\n", [], ["none of its genera", "Akkermansia"]),
    ("Bacteroides\t0\n", [], ["every abundance is zero"]),
    ("Bacteroides\t5\n", ["--name", "../escape"], ["--name"]),
    ("Bacteroides\t5\n", ["--base", "hamster"], ["hamster", "healthy"]),
    ("Bacteroides\t5\n", ["--out", "profile.json"], [".toml"]),
])
def test_bad_tables_and_options_give_one_line_and_write_nothing(tmp_path, content, args, needles):
    f = tmp_path / "t.tsv"
    f.write_text(content)
    argv = ["profile", "import", str(f)] + (args if "--name" in args else ["--name", "p", *args])
    r = gutbrain(*argv, cwd=tmp_path)
    one_line_error(r, *needles)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.tsv"]


def test_an_existing_profile_file_is_not_replaced_without_force(tmp_path):
    f = tmp_path / "t.tsv"
    f.write_text("Bacteroides\t5\n")
    out = tmp_path / "p.toml"
    out.write_text("keep me")
    one_line_error(gutbrain("profile", "import", str(f), "--name", "p", "--out", str(out)), "--force")
    assert out.read_text() == "keep me"
    assert gutbrain("profile", "import", str(f), "--name", "p", "--out", str(out), "--force").returncode == 0
    assert profile(str(out)).name == "p"


def test_a_profile_file_with_a_bad_composition_is_one_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[x]\ncomposition = [1, 2]\n')
    with pytest.raises(UserInputError, match="composition needs 5"):
        profile(str(bad))
    two = tmp_path / "two.toml"
    two.write_text('[a]\n[b]\n')
    with pytest.raises(UserInputError, match="exactly one"):
        profile(str(two))


def test_guild_table_lists_each_genus_once_with_a_source_per_guild():
    table = guild_table()
    assert set(table.genus_to_guild.values()) == set(GUILDS)
    assert all(len(table.sources[g]) > 20 for g in GUILDS)
    assert table.genus_to_guild["lacticaseibacillus"] == "lactobacillus"  # Zheng 2020 names map too
    assert Path(str(EXAMPLES.joinpath("healthy_adult_genus.tsv"))).is_file()
