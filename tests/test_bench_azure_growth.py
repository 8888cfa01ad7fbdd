"""The Azure growth bench (bench/azure_growth.py) works: it seeds each size into an Azurite of its
own, times every storage operation at each, and saves minutes through a real `python app.py` with
BOT_STORAGE=azure. Behaviour only: no figure is compared with a target (that is `make bench`'s)."""

from bench import azure_growth


def test_small_azure_growth_times_every_operation_and_turn_at_each_size_and_prints_them_beside_tinydb(capsys):
    results = azure_growth.measure(sizes=(3, 6), storage_repeats=1, lookups=1, minutes_turns=1)
    assert list(results["sizes"]) == ["3", "6"]
    for size, row in results["sizes"].items():
        assert (row["meetings"], row["nudge_records"], row["conversations"]) == (int(size),) * 3
        assert {name: figures["n"] for name, figures in row["storage"].items()} == \
            {name: 1 for name in azure_growth.STORAGE_OPERATIONS}
        # the minutes were read back as "Here are the minutes" and saved as "Saved the minutes"
        assert row["turns"]["minutes_save_turn"]["n"] == row["turns"]["minutes_turn"]["n"] == 1
        # every partnership's open actions: the seeded ones open (2 of each 3 meetings) and the bench's own
        every = row["every_partnership"]
        assert set(every) == set(azure_growth.EVERY_PARTNERSHIP) and every["open_actions_all"]["n"] == 1
        assert 0 < every["my_actions"]["actions"] < every["open_actions_all"]["actions"]
    assert set(results["growth_p50"]) == set(azure_growth.STORAGE_OPERATIONS) | set(azure_growth.TURNS)

    tinydb = {"sizes": {"100": {"storage": {"save_meeting": {"p50_ms": 2.0}}, "turns": {}},
                        "20000": {"storage": {"save_meeting": {"p50_ms": 60.0}}, "turns": {}}},
              "growth_p50": {"save_meeting": 30.0}}
    azure_growth.print_side_by_side(results, tinydb)
    table = capsys.readouterr().out
    save_row = next(line for line in table.splitlines() if line.startswith("save_meeting"))
    assert save_row.split()[1:4] == ["2.0", "60.0", "30.0"]
    assert "minutes_save_turn" in table and "Load average" in table and "Open actions of every partnership" in table
