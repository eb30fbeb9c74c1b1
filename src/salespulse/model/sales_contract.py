"""The sales side of the data contract: sale lines, the orders they belong to, the
products they sell and the categories that name product codes."""

from __future__ import annotations

from salespulse.model.columns import REP_ANY, REP_NAME, Column, Table

# fmt: off
_PRODUCT_CODE = ("product_id", "productid", "product_key", "productkey", "product_code",
                 "productcode", "sku", "item", "item_code", "item_id", "item_number", "stock_code",
                 "stockcode", "article", "article_number")
_PRODUCT_NAME = ("product_name", "productname", "item_name", "description",
                 "product_description", "item_description", "product_title")
_CUSTOMER_CODE = ("customer_id", "customerid", "customer_key", "customerkey", "customer_code",
                  "customer_number", "account", "account_id", "client", "client_id", "reseller",
                  "reseller_key", "resellerkey", "company", "buyer")
_CUSTOMER_NAME = ("customer_name", "account_name", "client_name", "company_name",
                  "reseller_name")
_CATEGORY = ("product_category", "productline", "product_line", "category_name", "categoryname",
             "product_category_name", "englishproductcategoryname", "product_group")
_SUBCATEGORY = ("sub_category", "product_subcategory", "subcategory_name",
                "englishproductsubcategoryname", "product_subcategory_name")
_COUNTRY = ("ship_country", "shipcountry", "country_region", "country_name", "nation",
            "billing_country", "customer_country")
_REGION = ("territory", "sales_territory", "sales_territory_key", "salesterritorykey", "area",
           "zone", "regional_office", "ship_region", "sales_region")
_ORDER_ID = ("order", "order_number", "sales_order_number", "salesordernumber", "invoice",
             "invoice_number", "invoice_no", "order_no", "invoice_id")
_UNIT_PRICE = ("price", "unitprice", "price_each", "unit_cost_price", "list_price",
               "sales_price", "price_per_unit", "listprice")

SALES = Table(
    name="sales",
    meaning="One row per sale line: what was sold, when, how many (the minimal input).",
    time_column="date",
    columns=(
        Column("date", "date", "when the sale happened", required=True,
               required_when="or from its order in the orders table",
               synonyms=("order_date", "orderdate", "sale_date", "sales_date", "invoice_date",
                         "transaction_date", "date_of_sale", "day")),
        Column("product", "text", "product key: its code or SKU (its name when there is no code)",
               required=True, synonyms=(*_PRODUCT_CODE, *_PRODUCT_NAME), label="product_name"),
        Column("quantity", "number", "units sold (negative = a return: kept and reported)",
               required=True,
               synonyms=("qty", "units", "order_quantity", "orderquantity", "quantity_ordered",
                         "units_sold", "volume")),
        Column("unit_price", "number", "price per unit", synonyms=_UNIT_PRICE),
        Column("discount", "number",
               "discount rate 0–1 (a percentage column or values like 20% are divided by 100)",
               synonyms=("discount_rate", "discount_pct", "discount_percent",
                         "discount_percentage", "disc", "discount_perc")),
        Column("discount_amount", "number", "money taken off the line",
               synonyms=("discount_value", "discount_total", "total_discount", "discount_amt",
                         "discountamount", "rebate", "rebate_amount", "markdown")),
        Column("amount", "number",
               "line revenue, net of discount; when absent, quantity × unit_price × "
               "(1 − discount) − discount_amount",
               synonyms=("sales", "salesamount", "sales_amount", "revenue", "line_total",
                         "linetotal", "total", "net_sales", "sales_value", "value",
                         "extended_amount", "total_price", "total_amount", "net_amount")),
        Column("tax", "number", "tax on the line (not part of amount)",
               synonyms=("tax_amount", "taxamt", "tax_amt", "vat", "vat_amount", "sales_tax",
                         "gst")),
        Column("shipping", "number", "shipping or freight charged (not part of amount)",
               synonyms=("freight", "shipping_cost", "shipping_amount", "shipping_fee",
                         "delivery_charge", "postage")),
        Column("cost", "number", "cost of the goods on the line",
               synonyms=("total_cost", "totalproductcost", "total_product_cost", "cogs",
                         "line_cost", "cost_of_goods_sold", "cost_of_sales")),
        Column("profit", "number", "profit on the line",
               synonyms=("gross_profit", "net_profit", "profit_amount")),
        Column("margin", "number", "profit ÷ amount, a rate 0–1 (percentages are divided by 100)",
               synonyms=("gross_margin", "margin_pct", "margin_percent", "profit_margin")),
        Column("rep", "text", "seller (matches reps.rep)", synonyms=REP_ANY, label="rep_name"),
        Column("rep_name", "text", "the seller's name (fills rep where the line has no rep id)",
               helper=True, synonyms=REP_NAME),
        Column("product_name", "text", "the product's name (also from the products table)",
               synonyms=("product", *_PRODUCT_NAME)),
        Column("category", "text", "product category (also from the products table)",
               synonyms=_CATEGORY),
        Column("subcategory", "text", "product subcategory (also from the products table)",
               synonyms=_SUBCATEGORY),
        Column("customer", "text", "customer or account key (its name when there is no id)",
               synonyms=(*_CUSTOMER_CODE, *_CUSTOMER_NAME), label="customer_name"),
        Column("customer_name", "text", "the customer's name", synonyms=_CUSTOMER_NAME),
        Column("region", "text", "sales region or territory", synonyms=_REGION),
        Column("country", "text", "country", synonyms=_COUNTRY),
        Column("channel", "text", "sales channel", synonyms=("sales_channel",)),
        Column("order_id", "text", "order number (matches orders.order_id)", synonyms=_ORDER_ID),
        Column("deal_id", "text", "the deal this line came from (matches deals.deal_id)",
               synonyms=("opportunity_id", "deal")),
    ),
)

ORDERS = Table(
    name="orders",
    meaning="One row per order header; sales lines with its order_id take their date, rep, "
    "customer, region, country and channel from it.",
    key=("order_id",),
    time_column="date",
    columns=(
        Column("order_id", "text", "order number", required=True,
               synonyms=("orderid", *_ORDER_ID)),
        Column("date", "date", "when the order was placed", required=True,
               synonyms=("order_date", "orderdate", "sale_date", "sales_date", "invoice_date",
                         "transaction_date", "date_ordered")),
        Column("rep", "text", "seller (matches reps.rep)", synonyms=REP_ANY, label="rep_name"),
        Column("rep_name", "text", "the seller's name (fills rep where the order has no rep id)",
               helper=True, synonyms=REP_NAME),
        Column("customer", "text", "customer or account key",
               synonyms=(*_CUSTOMER_CODE, *_CUSTOMER_NAME), label="customer_name"),
        Column("customer_name", "text", "the customer's name", synonyms=_CUSTOMER_NAME),
        Column("region", "text", "sales region or territory", synonyms=_REGION),
        Column("country", "text", "country", synonyms=_COUNTRY),
        Column("channel", "text", "sales channel", synonyms=("sales_channel",)),
    ),
)

PRODUCTS = Table(
    name="products",
    meaning="One row per product: its name, category and list price; labels every sales KPI "
    "broken down by product and gives --by category and --by subcategory.",
    key=("product",),
    columns=(
        Column("product", "text", "product key, as sales.product names it", required=True,
               synonyms=(*_PRODUCT_CODE, "code", "product_name", "productname", "item_name"),
               label="name"),
        Column("name", "text", "the product's name",
               synonyms=("product", "title", "product_title", *_PRODUCT_NAME)),
        Column("category", "text",
               "category (a name, or a code that the categories table names)",
               synonyms=("category_id", "categoryid", "category_code", *_CATEGORY),
               label="category_name"),
        Column("category_name", "text",
               "the category's name, stored as the category when the file also has its code",
               helper=True,
               synonyms=("category_name", "categoryname", "product_category_name",
                         "englishproductcategoryname")),
        Column("subcategory", "text", "subcategory", synonyms=_SUBCATEGORY),
        Column("unit_price", "number", "list price per unit", synonyms=_UNIT_PRICE),
        Column("cost", "number", "cost per unit",
               synonyms=("standard_cost", "standardcost", "unit_cost", "cost_price")),
    ),
)

CATEGORIES = Table(
    name="categories",
    meaning="One row per product category code with its name (when products.category holds "
    "codes, as in an ERP's Categories table).",
    key=("category",),
    columns=(
        Column("category", "text", "category code, as products.category holds it",
               required=True,
               synonyms=("category_id", "categoryid", "category_code", "category_key", "code"),
               label="name"),
        Column("name", "text", "the category's name",
               synonyms=("category_name", "categoryname", "category", "title")),
    ),
)
# fmt: on
