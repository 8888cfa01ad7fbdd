"""Coordinators' corrections to the directory, kept with who made them and when."""

from tinydb import Query

from .database import Database

TABLE = "directory_moves"


def record_move(database: Database, *, school_id: str, school_name: str, partnership_id: str,
                previous_partnership_id: str | None, by: str, by_name: str, at: str, move_id: str = "") -> dict | None:
    """Keep a move; None (nothing written) if the move with this id, given when the coordinator was
    asked to confirm, is kept already (a retry, 'yes' again after a crash)."""
    move = {
        "school_id": school_id, "school_name": school_name, "partnership_id": partnership_id,
        "previous_partnership_id": previous_partnership_id, "by": by, "by_name": by_name, "at": at,
        **({"move_id": move_id} if move_id else {}),
    }
    with database.lock:
        table = database.table(TABLE)
        if move_id and table.contains(Query().move_id == move_id):
            return None
        table.insert(move)
    return move


def record_moves(database: Database, moves: list[dict]) -> None:
    """Several moves in one write: all of them are kept, or none."""
    with database.lock:
        database.table(TABLE).insert_multiple(moves)


def all_moves(database: Database) -> list[dict]:
    """Every move, oldest first."""
    with database.lock:
        return sorted(database.table(TABLE).all(), key=lambda m: m["at"])


def moves_of(database: Database, school_id: str) -> list[dict]:
    return [m for m in all_moves(database) if m["school_id"] == school_id]
