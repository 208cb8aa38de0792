"""The sample's words: names, places, products, spellings, codes and notes (all fictitious;
sensitive columns get obviously fake values)."""

from __future__ import annotations

FEMALE_NAMES = [
    "María", "Ana", "Lucía", "Sofía", "Valentina", "Camila", "Martina", "Florencia", "Inés",
    "Mónica", "Andrea", "Fernanda", "Micaela", "Carolina", "Natalia", "Gabriela", "Verónica",
    "Silvia", "Paula", "Agustina", "Julieta", "Rocío", "Belén", "Noelia", "Lorena", "Tatiana",
    "Sabrina", "Romina", "Patricia", "Graciela", "Claudia", "Adriana", "Victoria", "Josefina",
]
MALE_NAMES = [
    "Juan", "Nicolás", "Joaquín", "Martín", "Santiago", "Matías", "Federico", "Gastón",
    "Rodrigo", "Diego", "Pablo", "Sebastián", "Agustín", "Facundo", "Gonzalo", "Maximiliano",
    "Andrés", "Fernando", "Gustavo", "Jorge", "Luis", "Marcelo", "Álvaro", "Ignacio", "Bruno",
    "Emiliano", "Germán", "Ramiro", "Héctor", "Julián", "Tomás", "Mauricio", "Sergio", "Raúl",
]
LAST_NAMES = [
    "Rodríguez", "González", "Fernández", "Pérez", "López", "Martínez", "García", "Sosa",
    "Silva", "Ferreira", "Pereira", "Álvarez", "Romero", "Techera", "Núñez", "Suárez",
    "Méndez", "Acosta", "Da Silva", "De León", "Olivera", "Cabrera", "Benítez", "Píriz",
    "Correa", "Castro", "Díaz", "Gómez", "Viera", "Ramírez", "Morales", "Cardozo", "Umpiérrez",
    "Larrañaga", "Etcheverry", "Sánchez", "Torres", "Bentancor", "Dos Santos", "Machado",
]
EMAIL_DOMAINS = [
    "example.com", "example.com", "example.net", "example.org", "correo.example.com",
    "mail.example.net", "tienda.example",
]
#: (department, city, postal code), weighted by repetition.
PLACES = (
    [("Montevideo", "Montevideo", "11200")] * 6
    + [("Montevideo", "Montevideo", "11300")] * 5
    + [("Montevideo", "Montevideo", "11500")] * 4
    + [("Montevideo", "Montevideo", "11800")] * 3
    + [("Canelones", "Ciudad de la Costa", "15000")] * 2
    + [("Canelones", "Las Piedras", "90200"), ("Canelones", "Pando", "91000"),
       ("Canelones", "Canelones", "90000")]
    + [("Maldonado", "Maldonado", "20000"), ("Maldonado", "Punta del Este", "20100"),
       ("Maldonado", "San Carlos", "20400")]
    + [("Colonia", "Colonia del Sacramento", "70000"), ("Salto", "Salto", "50000"),
       ("Paysandú", "Paysandú", "60000"), ("San José", "San José de Mayo", "80000"),
       ("Rivera", "Rivera", "40000"), ("Tacuarembó", "Tacuarembó", "45000"),
       ("Rocha", "Rocha", "27000"), ("Florida", "Florida", "94000"),
       ("Durazno", "Durazno", "97000"), ("Soriano", "Mercedes", "75000"),
       ("Lavalleja", "Minas", "30000"), ("Río Negro", "Fray Bentos", "65000"),
       ("Artigas", "Artigas", "55000"), ("Cerro Largo", "Melo", "37000"),
       ("Treinta y Tres", "Treinta y Tres", "33000"), ("Flores", "Trinidad", "85000")]
)
#: (product type, category, size group 0=U 1=clothes 2=shoes, min and max price in hundreds).
PRODUCT_TYPES = [
    ("Remera", "Ropa > Remeras", 1, 4, 19), ("Camisa", "Ropa > Camisas", 1, 9, 29),
    ("Pantalón", "Ropa > Pantalones", 1, 12, 39), ("Jean", "Ropa > Pantalones", 1, 15, 45),
    ("Vestido", "Ropa > Vestidos", 1, 14, 49), ("Buzo", "Ropa > Buzos", 1, 12, 35),
    ("Campera", "Ropa > Abrigos", 1, 25, 89), ("Short", "Ropa > Shorts", 1, 6, 19),
    ("Pijama", "Ropa > Pijamas", 1, 9, 25), ("Pollera", "Ropa > Polleras", 1, 8, 24),
    ("Corpiño", "Ropa interior", 1, 5, 15), ("Bombacha", "Ropa interior", 1, 2, 6),
    ("Medias", "Ropa interior", 0, 1, 4), ("Zapatillas", "Calzado", 2, 19, 69),
    ("Sandalias", "Calzado", 2, 9, 29), ("Botas", "Calzado", 2, 29, 79),
    ("Championes", "Calzado", 2, 15, 49), ("Mochila", "Accesorios", 0, 9, 35),
    ("Cartera", "Accesorios", 0, 12, 49), ("Gorro", "Accesorios", 0, 3, 9),
    ("Bufanda", "Accesorios", 0, 4, 12), ("Cinturón", "Accesorios", 0, 5, 15),
    ("Billetera", "Accesorios", 0, 6, 19), ("Lentes de sol", "Accesorios", 0, 9, 39),
    ("Almohada", "Hogar > Dormitorio", 0, 6, 19), ("Sábanas", "Hogar > Dormitorio", 0, 15, 45),
    ("Acolchado", "Hogar > Dormitorio", 0, 29, 89), ("Toalla", "Hogar > Baño", 0, 4, 14),
    ("Taza", "Hogar > Cocina", 0, 2, 5), ("Perfume", "Belleza", 0, 19, 79),
    ("Crema facial", "Belleza", 0, 7, 25), ("Shampoo", "Belleza", 0, 3, 8),
    ("Calza deportiva", "Deportes", 1, 9, 25), ("Pelota de fútbol", "Deportes", 0, 9, 29),
    ("Termo", "Hogar > Cocina", 0, 12, 45), ("Mate de calabaza", "Hogar > Cocina", 0, 4, 12),
]
ADJECTIVES = [
    "Clásica", "Básica", "Premium", "Slim", "de Algodón", "Oversize", "Vintage", "Deportiva",
    "Térmica", "Estampada", "de Lino", "Urbana", "Edición Limitada", "Esencial", "Confort",
]
COLOURS = [
    "Negra", "Blanca", "Azul", "Roja", "Verde", "Gris", "Beige", "Rosa", "Marrón", "Celeste",
    "Bordó", "Amarilla", "Multicolor",
]
BRANDS = [
    "Marca Propia", "Marca Propia", "Lacoste", "Adidas", "Nike", "Zara", "Columbia", "Levi's",
    "Reebok", "ecoBolsa", "Puma", "Tommy Hilfiger", "Lupo", "Topper", "Natura", None,
]
CLOTHES_SIZES = ["XS", "S", "M", "M", "L", "L", "XL", "XXL"]
SHOE_SIZES = ["35", "36", "37", "38", "39", "40", "41", "42", "43", "44"]
NOTES = [
    "Dejar en portería, timbre 3B",
    "Entregar después de las 18 hs.\nNo funciona el timbre",
    "Cliente dice: \"llamar antes de ir\"",
    "Regalo: envolver, sin precio.\n\"Feliz cumple!\"\nGracias",
    "  espacios al inicio y al final  ",
    "Llamar al 099 000 000 (número de prueba), gracias",
    "Si no estoy, dejar con el vecino del 2°B",
    "Factura a nombre de la empresa; RUT en el pedido",
    "Portón \"verde\", perro suelto,\ntocar bocina",
    "Entregar en horario de oficina",
]
#: order status code -> spellings (0 APROBADA, 1 CANCELADA, 2 EN_CURSO, 3 ABANDONADA,
#: 4 PAGO_PENDIENTE).
ORDER_STATUS_SPELLINGS = [
    ["APROBADA"] * 8 + ["Aprobada"] * 3 + ["aprobada ", " Aprobada", "APROVADA", "Approved"],
    ["CANCELADA", "CANCELADA", "Cancelada"],
    ["EN_CURSO", "EN_CURSO", "En curso"],
    ["ABANDONADA", "ABANDONADA", "Abandonada"],
    ["PAGO_PENDIENTE", "PAGO_PENDIENTE", "Pago pendiente"],
]
#: payment status code -> spellings (0 empty, 1 APROBADO, 2 PAGO, 3 PENDIENTE, 4 REVERSADO,
#: 5 RECHAZADO).
PAYMENT_STATUS_SPELLINGS = [
    [None],
    ["APROBADO"] * 5 + ["Aprobado"] * 2 + [" aprobado ", "Approved"],
    ["PAGO", "PAGO", "Pago", "Paid"],
    ["PENDIENTE", "PENDIENTE", "Pendiente"],
    ["REVERSADO", "Reversado"],
    ["RECHAZADO", "Rechazado"],
]
MALE_SPELLINGS = ["M"] * 5 + ["m", "Masculino", "MASCULINO", "masculino ", "Hombre", "Masc"]
FEMALE_SPELLINGS = ["F"] * 5 + ["f", "Femenino", "FEMENINO", "femenino", "Mujer", "Fem"]
#: (code, percent) of order coupons, item discounts, payment-method discounts.
COUPONS = [("BIENVENIDA", 10), ("VERANO10", 10), ("INVIERNO15", 15), ("BLACKFRIDAY", 20),
           ("CYBERMONDAY", 15), ("NAVIDAD", 10), ("MADRES2025", 15), ("REBAJAS20", 20)]
ITEM_DISCOUNTS = [("2X1", 25), ("OUTLET", 20), ("LIQUIDACION", 30)]
PAYMENT_DISCOUNTS = [("BROU15", 15, "Promo BROU"), ("ITAU20", 20, "Promo Itaú"),
                     ("SANTANDER10", 10, "Promo Santander")]
PAYMENT_METHODS = (
    [("Tarjeta de crédito", "Tarjeta")] * 9 + [("Tarjeta de débito", "Tarjeta")] * 2
    + [("Mercado Pago", "Otro")] * 5 + [("Abitab", "Otro")] * 2 + [("Redpagos", "Otro")]
    + [("Transferencia bancaria", "Otro")] * 2
)
BRANCHES = ["Tres Cruces", "Montevideo Shopping", "Punta Carretas", "Costa Urbana",
            "Nuevocentro"]
SCHEDULES = ["Sábados 10 a 13", "Lunes a viernes 9 a 18", None]
BANKS = ["BROU", "Santander", "Itaú", "BBVA", "Scotiabank", "HSBC"]
FAKE_STREETS = ["Calle Falsa", "Av. Ficticia", "Pasaje Inventado", "Bv. de Prueba",
                "Camino Imaginario"]
COMPANY_WORDS = ["Comercial", "Distribuidora", "Importadora", "Servicios", "Textil"]
COMPANY_SUFFIXES = [" S.A.", " S.R.L.", "", " Ltda."]
