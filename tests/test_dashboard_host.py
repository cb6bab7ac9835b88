"""`gutbrain dashboard --host`: every spelling of "all interfaces" warns, naming where people reach it."""

from __future__ import annotations

import pytest

from gutbrain_sim.commands import dashboard


@pytest.mark.parametrize("host", ["0", "0.0.0.0", "::", "", " ", "[::]", "::0"])
def test_every_form_of_all_interfaces_warns_in_one_line(monkeypatch, capsys, host):
    calls = []
    monkeypatch.setattr(dashboard.os, "execve", lambda *a: calls.append(a))
    monkeypatch.setattr(dashboard, "port_problem", lambda h, p: None)
    monkeypatch.setattr(dashboard, "reachable_addresses", lambda: ["192.0.2.7", "2001:db8::7"])
    dashboard.main(type("A", (), {"host": host, "port": 8765})())
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "anyone on the network" in err
    assert "http://192.0.2.7:8765" in err and "http://[2001:db8::7]:8765" in err
    assert len(calls) == 1


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost", "192.0.2.7"])
def test_a_single_address_does_not_warn(monkeypatch, capsys, host):
    monkeypatch.setattr(dashboard.os, "execve", lambda *a: None)
    monkeypatch.setattr(dashboard, "port_problem", lambda h, p: None)
    dashboard.main(type("A", (), {"host": host, "port": 8765})())
    assert "warning" not in capsys.readouterr().err


def test_reachable_addresses_leave_out_loopback():
    assert not any(a.startswith("127.") or a == "::1" for a in dashboard.reachable_addresses())
