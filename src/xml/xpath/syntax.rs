//! XPath text → expression tree: a lexer that applies XPath 1.0's disambiguation rules
//! (`*` and `and`/`or`/`div`/`mod` are operators only after an operand) and a
//! recursive-descent parser whose nesting is capped at [`MAX_NESTING`], so evaluation,
//! which recurses over the tree, is bounded too.

use super::super::names;
use super::XPathError;

/// Deepest nesting of parentheses, predicates and arguments accepted.
pub(crate) const MAX_NESTING: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Or(Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Compare(CompareOp, Box<Expr>, Box<Expr>),
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    Negate(Box<Expr>),
    Union(Box<Expr>, Box<Expr>, usize),
    Literal(String),
    Number(f64),
    Variable {
        name: String,
        column: usize,
    },
    Call {
        function: Function,
        args: Vec<Expr>,
        column: usize,
    },
    Path(Path),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArithOp {
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Path {
    pub start: Start,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Start {
    /// `/…`: the document node.
    Root,
    /// A relative path: the context node.
    Context,
    /// `expr[pred]…/…`: a filter expression that must yield nodes; column for errors.
    Filter(Box<Expr>, Vec<Expr>, usize),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Step {
    pub axis: Axis,
    pub test: NodeTest,
    pub predicates: Vec<Expr>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Axis {
    Child,
    Descendant,
    DescendantOrSelf,
    /// The `self` axis (a keyword in Rust).
    Myself,
    Parent,
    Ancestor,
    AncestorOrSelf,
    FollowingSibling,
    PrecedingSibling,
    Attribute,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NodeTest {
    /// `local`, `prefix:local`, `*` or `prefix:*`. `ns` None matches any namespace.
    Name {
        ns: Option<&'static str>,
        local: Option<String>,
    },
    Text,
    Node,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Function {
    Last,
    Position,
    Count,
    String,
    Number,
    Boolean,
    Not,
    True,
    False,
    Contains,
    StartsWith,
    NormalizeSpace,
    LocalName,
    Name,
    StringLength,
    Concat,
    Sum,
    SubstringBefore,
    SubstringAfter,
    Substring,
}

impl Function {
    /// The function and its (min, max) number of arguments.
    fn lookup(name: &str) -> Option<(Function, usize, usize)> {
        let many = usize::MAX;
        Some(match name {
            "last" => (Function::Last, 0, 0),
            "position" => (Function::Position, 0, 0),
            "count" => (Function::Count, 1, 1),
            "string" => (Function::String, 0, 1),
            "number" => (Function::Number, 0, 1),
            "boolean" => (Function::Boolean, 1, 1),
            "not" => (Function::Not, 1, 1),
            "true" => (Function::True, 0, 0),
            "false" => (Function::False, 0, 0),
            "contains" => (Function::Contains, 2, 2),
            "starts-with" => (Function::StartsWith, 2, 2),
            "normalize-space" => (Function::NormalizeSpace, 0, 1),
            "local-name" => (Function::LocalName, 0, 1),
            "name" => (Function::Name, 0, 1),
            "string-length" => (Function::StringLength, 0, 1),
            "concat" => (Function::Concat, 2, many),
            "sum" => (Function::Sum, 1, 1),
            "substring-before" => (Function::SubstringBefore, 2, 2),
            "substring-after" => (Function::SubstringAfter, 2, 2),
            "substring" => (Function::Substring, 2, 3),
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Slash,
    DoubleSlash,
    LBracket,
    RBracket,
    LParen,
    RParen,
    At,
    Comma,
    Dot,
    DotDot,
    Pipe,
    DoubleColon,
    Dollar,
    Literal(String),
    Number(f64),
    /// `*` as a name test.
    Star,
    /// A QName or `prefix:*` (local None).
    Name(Option<String>, Option<String>),
    Operator(Op),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Multiply,
    And,
    Or,
    Div,
    Mod,
}

struct Lexed {
    token: Token,
    /// 1-based character column.
    column: usize,
}

fn error(column: usize, message: impl Into<String>) -> XPathError {
    XPathError {
        column,
        message: message.into(),
    }
}

fn lex(text: &str) -> Result<Vec<Lexed>, XPathError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens: Vec<Lexed> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        let column = i + 1;
        if ch.is_whitespace() {
            i += 1;
            continue;
        }
        // XPath 1.0 §3.7: after an operand, `*` multiplies and a name is an operator.
        let after_operand = tokens.last().is_some_and(|last| {
            !matches!(
                last.token,
                Token::At
                    | Token::DoubleColon
                    | Token::LParen
                    | Token::LBracket
                    | Token::Comma
                    | Token::Operator(_)
                    | Token::Slash
                    | Token::DoubleSlash
                    | Token::Pipe
                    | Token::Dollar
            )
        });
        let next = chars.get(i + 1).copied();
        let (token, width) = match ch {
            '/' if next == Some('/') => (Token::DoubleSlash, 2),
            '/' => (Token::Slash, 1),
            '[' => (Token::LBracket, 1),
            ']' => (Token::RBracket, 1),
            '(' => (Token::LParen, 1),
            ')' => (Token::RParen, 1),
            '@' => (Token::At, 1),
            ',' => (Token::Comma, 1),
            '|' => (Token::Pipe, 1),
            '$' => (Token::Dollar, 1),
            ':' if next == Some(':') => (Token::DoubleColon, 2),
            '=' => (Token::Operator(Op::Eq), 1),
            '!' if next == Some('=') => (Token::Operator(Op::Ne), 2),
            '<' if next == Some('=') => (Token::Operator(Op::Le), 2),
            '<' => (Token::Operator(Op::Lt), 1),
            '>' if next == Some('=') => (Token::Operator(Op::Ge), 2),
            '>' => (Token::Operator(Op::Gt), 1),
            '+' => (Token::Operator(Op::Plus), 1),
            '-' => (Token::Operator(Op::Minus), 1),
            '*' if after_operand => (Token::Operator(Op::Multiply), 1),
            '*' => (Token::Star, 1),
            '"' | '\'' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&c| c == ch)
                    .ok_or_else(|| error(column, "unterminated string literal"))?;
                let literal: String = chars[i + 1..i + 1 + end].iter().collect();
                (Token::Literal(literal), end + 2)
            }
            '.' if next == Some('.') => (Token::DotDot, 2),
            '.' if !next.is_some_and(|c| c.is_ascii_digit()) => (Token::Dot, 1),
            c if c.is_ascii_digit() || c == '.' => {
                let mut end = i;
                while end < chars.len() && chars[end].is_ascii_digit() {
                    end += 1;
                }
                if end < chars.len() && chars[end] == '.' {
                    end += 1;
                    while end < chars.len() && chars[end].is_ascii_digit() {
                        end += 1;
                    }
                }
                let text: String = chars[i..end].iter().collect();
                let value = text
                    .parse::<f64>()
                    .map_err(|_| error(column, format!("bad number {text}")))?;
                (Token::Number(value), end - i)
            }
            c if names::is_name_start(c) => {
                let mut end = i;
                while end < chars.len() && names::is_name_char(chars[end]) {
                    end += 1;
                }
                let first: String = chars[i..end].iter().collect();
                if after_operand {
                    let op = match first.as_str() {
                        "and" => Op::And,
                        "or" => Op::Or,
                        "div" => Op::Div,
                        "mod" => Op::Mod,
                        _ => {
                            return Err(error(
                                column,
                                format!("expected an operator, found \"{first}\""),
                            ))
                        }
                    };
                    (Token::Operator(op), end - i)
                } else if chars.get(end) == Some(&':') && chars.get(end + 1) != Some(&':') {
                    // prefix:local or prefix:*
                    let local_start = end + 1;
                    if chars.get(local_start) == Some(&'*') {
                        (Token::Name(Some(first), None), local_start + 1 - i)
                    } else if chars
                        .get(local_start)
                        .is_some_and(|&c| names::is_name_start(c))
                    {
                        let mut local_end = local_start;
                        while local_end < chars.len() && names::is_name_char(chars[local_end]) {
                            local_end += 1;
                        }
                        let local: String = chars[local_start..local_end].iter().collect();
                        (Token::Name(Some(first), Some(local)), local_end - i)
                    } else {
                        return Err(error(end + 2, "expected a local name after the prefix"));
                    }
                } else {
                    (Token::Name(None, Some(first)), end - i)
                }
            }
            other => return Err(error(column, format!("unexpected character '{other}'"))),
        };
        tokens.push(Lexed { token, column });
        i += width;
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Lexed>,
    position: usize,
    depth: usize,
    end_column: usize,
}

pub(crate) fn parse(text: &str) -> Result<Expr, XPathError> {
    let tokens = lex(text)?;
    let mut parser = Parser {
        tokens,
        position: 0,
        depth: 0,
        end_column: text.chars().count() + 1,
    };
    if parser.tokens.is_empty() {
        return Err(error(1, "empty expression"));
    }
    let expr = parser.expr()?;
    if let Some(extra) = parser.tokens.get(parser.position) {
        return Err(error(extra.column, "unexpected text after the expression"));
    }
    Ok(expr)
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position).map(|lexed| &lexed.token)
    }

    fn peek_at(&self, offset: usize) -> Option<&Token> {
        self.tokens
            .get(self.position + offset)
            .map(|lexed| &lexed.token)
    }

    fn column(&self) -> usize {
        self.tokens
            .get(self.position)
            .map_or(self.end_column, |lexed| lexed.column)
    }

    fn advance(&mut self) -> Option<Token> {
        let token = self
            .tokens
            .get(self.position)
            .map(|lexed| lexed.token.clone());
        self.position += 1;
        token
    }

    fn eat(&mut self, token: &Token) -> bool {
        if self.peek() == Some(token) {
            self.position += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, token: &Token, what: &str) -> Result<(), XPathError> {
        if self.eat(token) {
            Ok(())
        } else {
            Err(error(self.column(), format!("expected {what}")))
        }
    }

    fn eat_op(&mut self, op: Op) -> bool {
        self.eat(&Token::Operator(op))
    }

    fn expr(&mut self) -> Result<Expr, XPathError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(error(
                self.column(),
                format!("expression nested deeper than {MAX_NESTING} levels"),
            ));
        }
        let result = self.or_expr();
        self.depth -= 1;
        result
    }

    fn or_expr(&mut self) -> Result<Expr, XPathError> {
        let mut left = self.and_expr()?;
        while self.eat_op(Op::Or) {
            left = Expr::Or(Box::new(left), Box::new(self.and_expr()?));
        }
        Ok(left)
    }

    fn and_expr(&mut self) -> Result<Expr, XPathError> {
        let mut left = self.equality()?;
        while self.eat_op(Op::And) {
            left = Expr::And(Box::new(left), Box::new(self.equality()?));
        }
        Ok(left)
    }

    fn equality(&mut self) -> Result<Expr, XPathError> {
        let mut left = self.relational()?;
        loop {
            let op = if self.eat_op(Op::Eq) {
                CompareOp::Eq
            } else if self.eat_op(Op::Ne) {
                CompareOp::Ne
            } else {
                return Ok(left);
            };
            left = Expr::Compare(op, Box::new(left), Box::new(self.relational()?));
        }
    }

    fn relational(&mut self) -> Result<Expr, XPathError> {
        let mut left = self.additive()?;
        loop {
            let op = if self.eat_op(Op::Lt) {
                CompareOp::Lt
            } else if self.eat_op(Op::Le) {
                CompareOp::Le
            } else if self.eat_op(Op::Gt) {
                CompareOp::Gt
            } else if self.eat_op(Op::Ge) {
                CompareOp::Ge
            } else {
                return Ok(left);
            };
            left = Expr::Compare(op, Box::new(left), Box::new(self.additive()?));
        }
    }

    fn additive(&mut self) -> Result<Expr, XPathError> {
        let mut left = self.multiplicative()?;
        loop {
            let op = if self.eat_op(Op::Plus) {
                ArithOp::Add
            } else if self.eat_op(Op::Minus) {
                ArithOp::Subtract
            } else {
                return Ok(left);
            };
            left = Expr::Arith(op, Box::new(left), Box::new(self.multiplicative()?));
        }
    }

    fn multiplicative(&mut self) -> Result<Expr, XPathError> {
        let mut left = self.unary()?;
        loop {
            let op = if self.eat_op(Op::Multiply) {
                ArithOp::Multiply
            } else if self.eat_op(Op::Div) {
                ArithOp::Divide
            } else if self.eat_op(Op::Mod) {
                ArithOp::Modulo
            } else {
                return Ok(left);
            };
            left = Expr::Arith(op, Box::new(left), Box::new(self.unary()?));
        }
    }

    fn unary(&mut self) -> Result<Expr, XPathError> {
        let mut negations = 0usize;
        while self.eat_op(Op::Minus) {
            negations += 1;
        }
        let mut expr = self.union()?;
        if negations % 2 == 1 {
            expr = Expr::Negate(Box::new(expr));
        }
        Ok(expr)
    }

    fn union(&mut self) -> Result<Expr, XPathError> {
        let mut left = self.path_expr()?;
        loop {
            let column = self.column();
            if !self.eat(&Token::Pipe) {
                return Ok(left);
            }
            left = Expr::Union(Box::new(left), Box::new(self.path_expr()?), column);
        }
    }

    /// Whether the next tokens start a filter expression rather than a location path.
    fn starts_filter(&self) -> bool {
        match self.peek() {
            Some(Token::Dollar | Token::LParen | Token::Literal(_) | Token::Number(_)) => true,
            Some(Token::Name(None, Some(name))) => {
                self.peek_at(1) == Some(&Token::LParen)
                    && !matches!(
                        name.as_str(),
                        "text" | "node" | "comment" | "processing-instruction"
                    )
            }
            _ => false,
        }
    }

    fn path_expr(&mut self) -> Result<Expr, XPathError> {
        if self.starts_filter() {
            let column = self.column();
            let primary = self.primary()?;
            let predicates = self.predicates()?;
            let mut steps = Vec::new();
            if self.continues_path() {
                self.relative_steps(&mut steps, true)?;
            }
            if predicates.is_empty() && steps.is_empty() {
                return Ok(primary);
            }
            return Ok(Expr::Path(Path {
                start: Start::Filter(Box::new(primary), predicates, column),
                steps,
            }));
        }
        let mut steps = Vec::new();
        let start = match self.peek() {
            Some(Token::Slash) => {
                self.position += 1;
                if self.starts_step() {
                    self.relative_steps(&mut steps, false)?;
                }
                Start::Root
            }
            Some(Token::DoubleSlash) => {
                self.relative_steps(&mut steps, true)?;
                Start::Root
            }
            _ => {
                self.relative_steps(&mut steps, false)?;
                Start::Context
            }
        };
        Ok(Expr::Path(Path { start, steps }))
    }

    fn continues_path(&self) -> bool {
        matches!(self.peek(), Some(Token::Slash | Token::DoubleSlash))
    }

    fn starts_step(&self) -> bool {
        matches!(
            self.peek(),
            Some(Token::Dot | Token::DotDot | Token::At | Token::Star | Token::Name(..))
        )
    }

    /// Parses `step (('/' | '//') step)*`; with `leading_separator`, a '/' or '//' comes first.
    fn relative_steps(
        &mut self,
        steps: &mut Vec<Step>,
        leading_separator: bool,
    ) -> Result<(), XPathError> {
        let mut need_separator = leading_separator;
        loop {
            if need_separator {
                if self.eat(&Token::DoubleSlash) {
                    steps.push(Step {
                        axis: Axis::DescendantOrSelf,
                        test: NodeTest::Node,
                        predicates: Vec::new(),
                    });
                } else if !self.eat(&Token::Slash) {
                    return Ok(());
                }
            }
            steps.push(self.step()?);
            need_separator = true;
            if !self.continues_path() {
                return Ok(());
            }
        }
    }

    fn step(&mut self) -> Result<Step, XPathError> {
        let column = self.column();
        if self.eat(&Token::Dot) {
            return Ok(Step {
                axis: Axis::Myself,
                test: NodeTest::Node,
                predicates: Vec::new(),
            });
        }
        if self.eat(&Token::DotDot) {
            return Ok(Step {
                axis: Axis::Parent,
                test: NodeTest::Node,
                predicates: Vec::new(),
            });
        }
        let axis = if self.eat(&Token::At) {
            Axis::Attribute
        } else if let (Some(Token::Name(None, Some(name))), Some(Token::DoubleColon)) =
            (self.peek(), self.peek_at(1))
        {
            let axis = match name.as_str() {
                "child" => Axis::Child,
                "descendant" => Axis::Descendant,
                "descendant-or-self" => Axis::DescendantOrSelf,
                "self" => Axis::Myself,
                "parent" => Axis::Parent,
                "ancestor" => Axis::Ancestor,
                "ancestor-or-self" => Axis::AncestorOrSelf,
                "following-sibling" => Axis::FollowingSibling,
                "preceding-sibling" => Axis::PrecedingSibling,
                "attribute" => Axis::Attribute,
                other => return Err(error(column, format!("unsupported axis \"{other}\""))),
            };
            self.position += 2;
            axis
        } else {
            Axis::Child
        };
        let test = self.node_test()?;
        let predicates = self.predicates()?;
        Ok(Step {
            axis,
            test,
            predicates,
        })
    }

    fn node_test(&mut self) -> Result<NodeTest, XPathError> {
        let column = self.column();
        match self.advance() {
            Some(Token::Star) => Ok(NodeTest::Name {
                ns: None,
                local: None,
            }),
            Some(Token::Name(None, Some(name))) if self.peek() == Some(&Token::LParen) => {
                let test = match name.as_str() {
                    "text" => NodeTest::Text,
                    "node" => NodeTest::Node,
                    other => {
                        return Err(error(
                            column,
                            format!("unsupported node test \"{other}()\": comments and processing instructions are not kept"),
                        ))
                    }
                };
                self.position += 1;
                self.expect(&Token::RParen, "')'")?;
                Ok(test)
            }
            Some(Token::Name(prefix, local)) => {
                let ns = match prefix {
                    None => None,
                    Some(prefix) => Some(names::uri_for(&prefix).ok_or_else(|| {
                        error(column, format!("unknown namespace prefix \"{prefix}\" (use a prefix from the API's table, or no prefix)"))
                    })?),
                };
                Ok(NodeTest::Name { ns, local })
            }
            _ => Err(error(
                column,
                "expected a step (a name, *, @name, ., .., text() or node())",
            )),
        }
    }

    fn predicates(&mut self) -> Result<Vec<Expr>, XPathError> {
        let mut predicates = Vec::new();
        while self.eat(&Token::LBracket) {
            predicates.push(self.expr()?);
            self.expect(&Token::RBracket, "']'")?;
        }
        Ok(predicates)
    }

    fn primary(&mut self) -> Result<Expr, XPathError> {
        let column = self.column();
        match self.advance() {
            Some(Token::Dollar) => match self.advance() {
                Some(Token::Name(None, Some(name))) => Ok(Expr::Variable { name, column }),
                _ => Err(error(column + 1, "expected a variable name after '$'")),
            },
            Some(Token::LParen) => {
                let inner = self.expr()?;
                self.expect(&Token::RParen, "')'")?;
                Ok(inner)
            }
            Some(Token::Literal(text)) => Ok(Expr::Literal(text)),
            Some(Token::Number(value)) => Ok(Expr::Number(value)),
            Some(Token::Name(None, Some(name))) => {
                let (function, min, max) = Function::lookup(&name)
                    .ok_or_else(|| error(column, format!("unknown function \"{name}()\"")))?;
                self.expect(&Token::LParen, "'('")?;
                let mut args = Vec::new();
                if !self.eat(&Token::RParen) {
                    loop {
                        args.push(self.expr()?);
                        if self.eat(&Token::RParen) {
                            break;
                        }
                        self.expect(&Token::Comma, "',' or ')'")?;
                    }
                }
                if args.len() < min || args.len() > max {
                    let expected = match (min, max) {
                        (min, max) if min == max => format!("{min}"),
                        (min, usize::MAX) => format!("at least {min}"),
                        (min, max) => format!("{min} to {max}"),
                    };
                    return Err(error(
                        column,
                        format!("{name}() takes {expected} argument(s), not {}", args.len()),
                    ));
                }
                Ok(Expr::Call {
                    function,
                    args,
                    column,
                })
            }
            _ => Err(error(column, "expected an expression")),
        }
    }
}
