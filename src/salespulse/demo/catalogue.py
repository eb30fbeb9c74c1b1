"""The demo's product catalogue: a B2B sensor-monitoring platform, its user seats, hardware
and services, each with its product line (category), subcategory, list price and unit cost.

The product key is the product's name (the demo has no SKUs), in the sales lines, the deals
and the products table alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from salespulse.demo import tables


@dataclass(frozen=True)
class Product:
    name: str
    list_price: float
    category: str
    subcategory: str
    #: What one unit costs the company (goods, or the people delivering a service).
    unit_cost: float


#: In this order: the demo's planning refers to products by their position.
PRODUCTS: tuple[Product, ...] = (
    Product("Pulse Platform licence", 6000.0, "Platform", "Licences", 900.0),
    Product("Analytics add-on", 2400.0, "Platform", "Add-ons", 360.0),
    Product("User seat", 240.0, "Seats", "User seats", 30.0),
    Product("Sensor Hub", 890.0, "Sensors", "Hubs", 430.0),
    Product("Sensor Node", 149.0, "Sensors", "Nodes", 71.0),
    Product("Mounting kit", 39.0, "Accessories", "Mounting", 15.0),
    Product("Battery pack", 25.0, "Accessories", "Power", 11.0),
    Product("Integration connector", 750.0, "Platform", "Add-ons", 120.0),
    Product("Onboarding package", 3500.0, "Services", "Implementation", 2050.0),
    Product("Training day", 1200.0, "Services", "Implementation", 690.0),
    Product("Premium support", 1800.0, "Services", "Support", 760.0),
)
PRODUCT_NAMES: tuple[str, ...] = tuple(p.name for p in PRODUCTS)
LIST_PRICES = np.array([p.list_price for p in PRODUCTS])
UNIT_COSTS = np.array([p.unit_cost for p in PRODUCTS])
#: The product lines, and the line of each product (an index into CATEGORIES).
CATEGORIES: tuple[str, ...] = ("Platform", "Seats", "Sensors", "Accessories", "Services")
CATEGORY_OF = np.array([CATEGORIES.index(p.category) for p in PRODUCTS])
SUBCATEGORIES: tuple[str, ...] = tuple(dict.fromkeys(p.subcategory for p in PRODUCTS))
SUBCATEGORY_OF = np.array([SUBCATEGORIES.index(p.subcategory) for p in PRODUCTS])
#: How often each product is an extra line on an order (the main product is the deal's).
LINE_WEIGHTS = np.array([0.0, 0.03, 0.18, 0.1, 0.2, 0.14, 0.1, 0.08, 0.03, 0.07, 0.07])
#: Products cheap enough for any line.
CHEAP_PRODUCTS = np.array([2, 4, 5, 6])


def product_index(name: str) -> int:
    return PRODUCT_NAMES.index(name)


def category_index(name: str) -> int:
    return CATEGORIES.index(name)


def products_table() -> Any:
    """The products chunk: one row per product (key = name), with list price and unit cost."""
    n = len(PRODUCTS)
    return tables.build(
        "products",
        n,
        {
            "product": pa.array(PRODUCT_NAMES, pa.string()),
            "name": pa.array(PRODUCT_NAMES, pa.string()),
            "category": pa.array([p.category for p in PRODUCTS], pa.string()),
            "subcategory": pa.array([p.subcategory for p in PRODUCTS], pa.string()),
            "unit_price": tables.numbers(LIST_PRICES),
            "cost": tables.numbers(UNIT_COSTS),
        },
    )
