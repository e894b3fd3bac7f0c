"""Small programmes shared by several test modules (written to RAW folders or parsed directly)."""

#: A plain-text programme: numbered sessions, "Title, Name, Org" items.
RIVER_TXT = """Workshop on River Restoration 2024
Utrecht, 12 March 2024

Session 1 – Measuring river health
- Sediment budgets of lowland rivers, Anna de Vries, Utrecht University
- Fish passage monitoring with eDNA, Marco Bianchi, University of Padua

Session 2 – Working with farmers
- Buffer strips that farmers accept, Jan Kowalski, Wageningen University
"""
